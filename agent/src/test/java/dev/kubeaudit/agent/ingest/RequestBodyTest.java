package dev.kubeaudit.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.event.Batch;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class RequestBodyTest {
    private static final byte[] BODY = ("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
            + "{\"auditID\":\"a-1\",\"stage\":\"ResponseComplete\",\"level\":\"Metadata\"},"
            + "{\"auditID\":\"a-2\",\"stage\":\"ResponseComplete\",\"level\":\"Metadata\"}]}\n")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void theDigestComputedAsChunksArriveIsTheWholeBodysSha256() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(BODY);
        for (long declared : new long[] {BODY.length, -1}) {
            InFlightBudget budget = new InFlightBudget(1 << 20);
            RequestBody body = new RequestBody(1 << 20, budget);
            for (int round = 0; round < 2; round++) { // a second request on the same connection starts afresh
                assertThat(body.begin(declared)).isTrue();
                for (int at = 0; at < BODY.length; at += 7) {
                    int n = Math.min(7, BODY.length - at);
                    assertThat(body.keep(Unpooled.wrappedBuffer(BODY, at, n))).isEqualTo(RequestBody.Kept.YES);
                }
                Batch batch = body.parse(new EventListParser());
                assertThat(batch.digest()).as("declared %d, round %d", declared, round).isEqualTo(expected);
                assertThat(batch.size()).isEqualTo(2);
                body.abandon();
            }
        }
    }

    @Test
    void aBodyAbandonedHalfWayLeavesNothingInTheNextDigest() throws Exception {
        RequestBody body = new RequestBody(1 << 20, new InFlightBudget(1 << 20));
        assertThat(body.begin(-1)).isTrue();
        body.keep(Unpooled.wrappedBuffer("{\"kind\":".getBytes(StandardCharsets.UTF_8)));
        body.abandon();
        assertThat(body.begin(BODY.length)).isTrue();
        body.keep(Unpooled.wrappedBuffer(BODY));
        assertThat(body.parse(new EventListParser()).digest())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(BODY));
    }
}
