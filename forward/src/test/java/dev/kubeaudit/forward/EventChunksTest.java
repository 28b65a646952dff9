package dev.kubeaudit.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.event.LegacyFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventChunksTest {
    static String event(String id, int padding) {
        return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"" + id
                + "\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/pods\",\"verb\":\"list\",\"x\":\""
                + "p".repeat(padding) + "\"}";
    }

    static Batch batch(String... events) {
        List<byte[]> items = new ArrayList<>();
        for (String e : events) {
            items.add(e.getBytes(StandardCharsets.UTF_8));
        }
        return new Batch("audit.k8s.io/v1", items, new byte[32]);
    }

    private static List<List<String>> ids(List<List<ForwardedEvent>> chunks) {
        return chunks.stream().map(c -> c.stream().map(ForwardedEvent::auditId).toList()).toList();
    }

    @Test
    void cutsAtMaxEventsInOrder() {
        Batch batch = batch(event("a", 0), event("b", 0), event("c", 0), event("d", 0), event("e", 0));
        List<List<ForwardedEvent>> chunks = new EventChunks(false, 2, 1 << 20).split(batch);
        assertThat(ids(chunks)).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        assertThat(chunks.get(0).get(0).line()).isEqualTo(event("a", 0).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cutsBeforeAnEventThatWouldPassMaxBytesAndSendsAnOversizeEventAlone() {
        int one = event("a", 100).length();
        Batch batch = batch(event("a", 100), event("b", 100), event("c", 5000), event("d", 100));
        List<List<ForwardedEvent>> chunks = new EventChunks(false, 400, 2L * one + 1).split(batch);
        assertThat(ids(chunks)).containsExactly(List.of("a", "b"), List.of("c"), List.of("d"));
        assertThat(EventChunks.bytes(chunks.get(0))).isEqualTo(2L * one);
    }

    @Test
    void theSameEntryIsCutIntoByteIdenticalBatchesEveryTime() {
        Batch batch = batch(event("a", 10), event("b", 20), event("c", 30));
        List<List<ForwardedEvent>> first = new EventChunks(false, 2, 1 << 20).split(batch);
        List<List<ForwardedEvent>> again = new EventChunks(false, 2, 1 << 20).split(batch);
        assertThat(first).hasSameSizeAs(again);
        for (int i = 0; i < first.size(); i++) {
            for (int j = 0; j < first.get(i).size(); j++) {
                assertThat(again.get(i).get(j).line()).isEqualTo(first.get(i).get(j).line());
            }
        }
    }

    @Test
    void theLegacyFormatSendsTheLegacyLineKeyedByTheEventsAuditId() {
        String json = event("legacy-1", 0);
        List<List<ForwardedEvent>> chunks = new EventChunks(true, 400, 1 << 20).split(batch(json));
        ForwardedEvent only = chunks.get(0).get(0);
        assertThat(only.auditId()).isEqualTo("legacy-1");
        assertThat(new String(only.line(), StandardCharsets.UTF_8))
                .isEqualTo(LegacyFormat.line(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEventWithoutAuditIdIsSentWithAnEmptyKey() {
        List<List<ForwardedEvent>> chunks = new EventChunks(false, 400, 1 << 20).split(batch("{\"verb\":\"get\"}"));
        assertThat(chunks.get(0).get(0).auditId()).isEmpty();
    }
}
