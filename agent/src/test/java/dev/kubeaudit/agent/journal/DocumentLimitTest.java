package dev.kubeaudit.agent.journal;

import static dev.kubeaudit.agent.journal.TestJournals.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.EventListParser;
import dev.kubeaudit.agent.ingest.IngestLimits;
import dev.kubeaudit.agent.ingest.IngestListener;
import dev.kubeaudit.agent.ingest.IngestServer;
import dev.kubeaudit.agent.ingest.IngestSettings;
import dev.kubeaudit.agent.ingest.WebhookAccess;
import dev.kubeaudit.agent.testing.Webhook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The largest listen.maxRequestBytes the configuration accepts is journaled whatever the body holds:
 * a body of exactly that size made of the smallest valid events (the largest document a body can
 * make) gets 200, and one byte more of them is over the document limit. On a journal of 1 MiB blocks
 * (256 KiB documents), so that the bodies stay small; the 128 MiB journal's bounds are the same
 * computation (ConfigLoaderProblemsTest).
 */
class DocumentLimitTest {
    private static final long BLOCK_SIZE = 1L << 20;
    private static final long MAX_DOCUMENT = DocumentLimit.of(BLOCK_SIZE);
    private static final String SMALLEST_ITEM = "{\"auditID\":\"\",\"stage\":\"\",\"level\":\"\"}";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
            "audit.k8s.io/v1beta1, 2147483647",
            "audit.k8s.io/v1beta1, 10",
            "audit.k8s.io/v1,      2147483647",
            "audit.k8s.io/v1,      10"})
    void aBodyOfTheLargestAllowedSizeMadeOfTheSmallestEventsIsJournaledAsPredicted(String apiVersion, int maxEvents)
            throws Exception {
        long maxRequestBytes = DocumentLimit.maxRequestBytes(MAX_DOCUMENT, maxEvents);
        byte[] body = smallestEvents(maxRequestBytes, maxEvents, apiVersion);
        try (Journal journal = open(); IngestServer server = server(journal, maxRequestBytes, maxEvents)) {
            assertThat(new Webhook(server.port()).post(body).statusCode()).isEqualTo(200);
            try (JournalTailer tailer = journal.tailer("check")) {
                Batch stored = tailer.next().batch();
                long events = EventListParser.mostEvents(maxRequestBytes, maxEvents, apiVersion);
                assertThat(stored.size()).isEqualTo(events);
                assertThat(JournalDocument.encodedSize(stored))
                        .isEqualTo(JournalDocument.encodedSize(EventListParser.DIGEST_BYTES, apiVersion, events,
                                EventListParser.mostLineBytes(maxRequestBytes, events, apiVersion)))
                        .isLessThanOrEqualTo(DocumentLimit.largestDocument(maxRequestBytes, maxEvents))
                        .isLessThanOrEqualTo(MAX_DOCUMENT);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"2147483647", "10"})
    void oneByteMoreOfTheSmallestEventsMakesADocumentOverTheLimit(int maxEvents) throws Exception {
        long overLimit = DocumentLimit.maxRequestBytes(MAX_DOCUMENT, maxEvents) + 1;
        byte[] body = smallestEvents(overLimit, maxEvents, EventListParser.V1BETA1);
        try (Journal journal = open(); IngestServer server = server(journal, overLimit, maxEvents)) {
            assertThat(new Webhook(server.port()).post(body).statusCode()).isEqualTo(500);
            assertThat(journal.lastIndex()).isEqualTo(-1);
        }
    }

    private Journal open() throws Exception {
        return Journal.open(settings(tmp.resolve("journal")), Clock.systemUTC(), JournalListener.NONE, BLOCK_SIZE);
    }

    private static IngestServer server(Journal journal, long maxRequestBytes, int maxEvents) throws Exception {
        IngestLimits d = IngestLimits.DEFAULTS;
        IngestLimits limits = new IngestLimits(d.maxConnections(), d.idleTimeout(), d.requestTimeout(),
                d.maxHeaderBytes(), maxEvents, d.maxJsonNestingDepth(), d.maxJsonStringLength(), d.maxJsonNumberLength());
        return new IngestServer(new IngestSettings("127.0.0.1", 0, "/", maxRequestBytes, 4 * maxRequestBytes, limits),
                journal, IngestListener.NONE, WebhookAccess.OPEN).start();
    }

    /**
     * An EventList of exactly {@code bodyBytes}: as many of the smallest valid items as fit (at most
     * {@code maxEvents}), in the shortest EventList for {@code apiVersion}; the first item's auditID
     * takes the bytes left over, so that every byte of the body is a byte of some event's line.
     */
    static byte[] smallestEvents(long bodyBytes, int maxEvents, String apiVersion) {
        String head = apiVersion.equals(EventListParser.V1) ? "{\"items\":["
                : "{\"apiVersion\":\"" + apiVersion + "\",\"items\":[";
        String tail = "]}";
        int events = (int) Math.min(maxEvents,
                (bodyBytes - head.length() - tail.length() + 1) / (SMALLEST_ITEM.length() + 1));
        long padding = bodyBytes - head.length() - tail.length() - (long) events * SMALLEST_ITEM.length() - (events - 1);
        StringBuilder sb = new StringBuilder(head)
                .append("{\"auditID\":\"").append("a".repeat((int) padding)).append(SMALLEST_ITEM, 12, SMALLEST_ITEM.length());
        for (int i = 1; i < events; i++) {
            sb.append(',').append(SMALLEST_ITEM);
        }
        byte[] body = sb.append(tail).toString().getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize((int) bodyBytes);
        return body;
    }
}
