package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.AgentConfig.SyncMode;
import dev.kubeaudit.agent.event.Batch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Batches, settings and a recording listener for the journal tests. */
final class TestJournals {
    static final String API = "audit.k8s.io/v1";
    static final Duration WINDOW = Duration.ofMinutes(10);

    private TestJournals() {
    }

    static AgentConfig.Journal settings(Path dir) {
        return new AgentConfig.Journal(dir, 1L << 40, 0, SyncMode.NONE, WINDOW);
    }

    static AgentConfig.Journal settings(Path dir, long maxDiskBytes, long minFreeBytes, SyncMode sync, Duration window) {
        return new AgentConfig.Journal(dir, maxDiskBytes, minFreeBytes, sync, window);
    }

    /** A batch whose digest is the SHA-256 of {@code body}, with events carrying the given auditIDs. */
    static Batch batch(String body, String... auditIds) {
        List<byte[]> items = new ArrayList<>();
        for (String id : auditIds) {
            items.add(("{\"kind\":\"Event\",\"apiVersion\":\"" + API + "\",\"level\":\"Metadata\",\"auditID\":\""
                    + id + "\",\"stage\":\"ResponseComplete\",\"note\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        return new Batch(API, items, sha256(body));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts every callback. Thread-safe. */
    static final class RecordingListener implements JournalListener {
        final AtomicInteger appendedBatches = new AtomicInteger();
        final AtomicLong appendedEvents = new AtomicLong();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger syncedBatches = new AtomicInteger();
        final AtomicInteger syncs = new AtomicInteger();
        final List<Path> deleted = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void appended(int events, long bytes) {
            appendedBatches.incrementAndGet();
            appendedEvents.addAndGet(events);
        }

        @Override
        public void duplicate() {
            duplicates.incrementAndGet();
        }

        @Override
        public void synced(long nanos, int batches) {
            syncs.incrementAndGet();
            syncedBatches.addAndGet(batches);
        }

        @Override
        public void cycleDeleted(Path file) {
            deleted.add(file);
        }

        @Override
        public void failure(String operation, Exception e) {
            failures.add(operation + ": " + e.getMessage());
        }
    }
}
