package dev.kubeaudit.dist;

import dev.kubeaudit.agent.testing.TestData;
import dev.kubeaudit.agent.testing.Webhook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventList bodies of real audit events (testdata/real-audit, a microk8s apiserver's audit.log) as
 * the webhook posts them, each event given an auditID of its own so it can be counted in audit.log
 * (the real log repeats an auditID over an event's stages). Thread-safe.
 */
final class RealBatches {
    private static final String SOURCE = "codenotary-immudb-log-audit-k8s.log";
    private static final Pattern AUDIT_ID = Pattern.compile("\"auditID\":\"[^\"]*\"");

    /** One EventList and the auditIDs of its events. */
    record Batch(List<String> auditIds, byte[] body) {
    }

    private final List<String> events;
    private final long salt = UUID.randomUUID().getMostSignificantBits();
    private final AtomicLong sequence = new AtomicLong();

    private RealBatches(List<String> events) {
        this.events = events;
    }

    static RealBatches load() throws IOException {
        Path file = TestData.realAudit().resolve(SOURCE);
        List<String> events = Files.readAllLines(file).stream()
                .filter(line -> line.startsWith(Webhook.V1_PREFIX) && AUDIT_ID.matcher(line).find()).toList();
        if (events.isEmpty()) {
            throw new IllegalStateException(file + " holds no audit.k8s.io/v1 events");
        }
        return new RealBatches(events);
    }

    /** The next {@code size} events of the file (from the start again at its end), with fresh auditIDs. */
    Batch next(int size) {
        List<String> ids = new ArrayList<>(size);
        List<String> lines = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long n = sequence.getAndIncrement();
            String id = new UUID(salt, n).toString();
            ids.add(id);
            String event = events.get((int) (n % events.size()));
            lines.add(AUDIT_ID.matcher(event).replaceFirst(Matcher.quoteReplacement("\"auditID\":\"" + id + "\"")));
        }
        return new Batch(List.copyOf(ids), Webhook.eventList(lines));
    }
}
