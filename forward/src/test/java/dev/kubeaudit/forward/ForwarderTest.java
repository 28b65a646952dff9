package dev.kubeaudit.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.journal.ConsumerSettings;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalListener;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwarderTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(20));

    @TempDir
    Path dir;

    /** A destination that records every attempt and fails the attempts {@code failing} says. */
    static class ScriptedDestination implements Destination {
        final List<String> attempts = Collections.synchronizedList(new ArrayList<>());
        final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger closes = new AtomicInteger();

        boolean fails(int attempt) {
            return false;
        }

        @Override
        public void send(List<ForwardedEvent> events) throws DeliveryException, InterruptedException {
            String body = String.join("\n", events.stream().map(e -> new String(e.line(), StandardCharsets.UTF_8)).toList());
            attempts.add(body);
            if (fails(attempts.size() - 1)) {
                throw new DeliveryException("scripted failure of attempt " + attempts.size(), null, true, "scripted");
            }
            acknowledged.add(body);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    /** Counts what the forwarder reports. */
    static final class CountingListener implements ForwardListener {
        final AtomicInteger sentEvents = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicLong gaveUp = new AtomicLong();

        @Override
        public void gaveUp(String destination, long events, long bytes) {
            gaveUp.addAndGet(events);
        }

        @Override
        public void sent(String destination, int events, long bytes) {
            sentEvents.addAndGet(events);
        }

        @Override
        public void failed(String destination, String reason, Exception e, long retryInMillis) {
            failures.incrementAndGet();
        }
    }

    /** Counts the events the journal's skips report. */
    static final class SkipCounter implements JournalListener {
        final AtomicLong skipped = new AtomicLong();

        @Override
        public void consumerSkipped(String consumer, long events, long bytes, boolean episodeStart) {
            skipped.addAndGet(events);
        }
    }

    private Journal open() throws Exception {
        return open(ConsumerSettings.unbounded("d"), JournalListener.NONE);
    }

    private Journal open(ConsumerSettings consumer, JournalListener listener) throws Exception {
        return Journal.open(new AgentConfig.Journal(dir.resolve("journal"), 1L << 40, 0, AgentConfig.SyncMode.NONE,
                Duration.ofMinutes(10)), Clock.systemUTC(), listener, FatalFailures.NONE, List.of(consumer));
    }

    /** A skipping consumer whose bound any backlog passes: every skip goes to the journal's last entry. */
    private static ConsumerSettings skipsEverything() {
        return new ConsumerSettings("d", 1, Duration.ZERO, ConsumerSettings.Overflow.SKIP);
    }

    private static void append(Journal journal, String... events) throws Exception {
        List<byte[]> items = new ArrayList<>();
        for (String e : events) {
            items.add(e.getBytes(StandardCharsets.UTF_8));
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join(",", events).getBytes(StandardCharsets.UTF_8));
        journal.append(new Batch("audit.k8s.io/v1", items, digest)).get(10, TimeUnit.SECONDS);
    }

    private static Forwarder forwarder(Journal journal, Destination destination, ForwardListener listener) {
        return new Forwarder("d", destination, journal, new EventChunks(false, 2, 1 << 20), FAST, listener,
                FatalFailures.NONE);
    }

    private static String e(String id) {
        return EventChunksTest.event(id, 0);
    }

    @Test
    void failedBatchesAreSentAgainUnchangedAndTheConsumerCommitsOnlyAcknowledgedEntries() throws Exception {
        ScriptedDestination destination = new ScriptedDestination() {
            @Override
            boolean fails(int attempt) {
                return attempt % 3 != 2;   // two failures before every success
            }
        };
        CountingListener listener = new CountingListener();
        try (Journal journal = open()) {
            append(journal, e("a"), e("b"), e("c"));
            append(journal, e("d"));
            try (Forwarder forwarder = forwarder(journal, destination, listener)) {
                forwarder.start();
                Await.awaitUntil(WAIT, () -> journal.consumerBacklog("d").events() == 0, "everything committed");
            }
            assertThat(destination.acknowledged).containsExactly(e("a") + "\n" + e("b"), e("c"), e("d"));
            for (int i = 0; i < destination.attempts.size(); i += 3) {
                assertThat(destination.attempts.subList(i, i + 3)).containsOnly(destination.attempts.get(i));
            }
            assertThat(listener.sentEvents).hasValue(4);
            assertThat(listener.failures).hasValue(6);
            assertThat(destination.closes).hasValue(1);
        }
    }

    @Test
    void afterARestartAnEntryNotCommittedIsSentAgainByteIdenticalFromItsFirstBatch() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        ScriptedDestination first = new ScriptedDestination() {
            @Override
            public void send(List<ForwardedEvent> events) throws DeliveryException, InterruptedException {
                if (acknowledged.size() == 2) {   // the second batch of the second entry never returns
                    stuck.countDown();
                    throw new DeliveryException("no answer", null, true, "timeout");
                }
                super.send(events);
            }
        };
        try (Journal journal = open()) {
            append(journal, e("a"));
            append(journal, e("b"), e("c"), e("d"));
            try (Forwarder forwarder = forwarder(journal, first, new CountingListener())) {
                forwarder.start();
                assertThat(stuck.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            assertThat(journal.consumerBacklog("d").events()).isEqualTo(3);   // the first entry only is committed

            ScriptedDestination second = new ScriptedDestination();
            try (Forwarder forwarder = forwarder(journal, second, new CountingListener())) {
                forwarder.start();
                Await.awaitUntil(WAIT, () -> journal.consumerBacklog("d").events() == 0, "everything committed");
            }
            assertThat(first.acknowledged).containsExactly(e("a"), e("b") + "\n" + e("c"));
            assertThat(second.acknowledged).containsExactly(e("b") + "\n" + e("c"), e("d"));
        }
    }

    @Test
    void closeEndsABackoffPromptly() throws Exception {
        ScriptedDestination never = new ScriptedDestination() {
            @Override
            public void send(List<ForwardedEvent> events) throws DeliveryException {
                attempts.add("x");
                throw new DeliveryException("refused", null, false, "refused");
            }
        };
        try (Journal journal = open()) {
            append(journal, e("a"));
            Forwarder forwarder = new Forwarder("d", never, journal, new EventChunks(false, 2, 1 << 20),
                    new Backoff(Duration.ofMinutes(5), Duration.ofMinutes(5)), new CountingListener(), FatalFailures.NONE);
            forwarder.start();
            Await.awaitUntil(WAIT, () -> !never.attempts.isEmpty(), "a first attempt");
            long began = System.nanoTime();
            forwarder.close();
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
            assertThat(never.attempts).hasSize(1);
            assertThat(journal.consumerBacklog("d").events()).isEqualTo(1);
        }
    }

    @Test
    void aSkipPastTheEntryBeingSentCountsAsDroppedOnlyWhatWasNotAcknowledged() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedDestination slow = new ScriptedDestination() {
            @Override
            public void send(List<ForwardedEvent> events) throws DeliveryException, InterruptedException {
                if (attempts.isEmpty()) {
                    sending.countDown();
                    assertThat(release.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                }
                super.send(events);
            }
        };
        CountingListener listener = new CountingListener();
        SkipCounter skips = new SkipCounter();
        try (Journal journal = open(skipsEverything(), skips)) {
            append(journal, e("a"), e("b"), e("c"));   // two batches: [a b] [c]
            try (Forwarder forwarder = forwarder(journal, slow, listener)) {
                forwarder.start();
                assertThat(sending.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                append(journal, e("d"), e("e"));
                journal.skipAhead("d");   // past the entry being sent and the next one
                assertThat(skips.skipped).as("only the entry not handed out yet").hasValue(2);
                release.countDown();
                Await.awaitUntil(WAIT, () -> listener.gaveUp.get() == 1, "[c] given up");
                append(journal, e("f"));
                Await.awaitUntil(WAIT, () -> journal.consumerBacklog("d").events() == 0, "f committed");
            }
            assertThat(slow.acknowledged).containsExactly(e("a") + "\n" + e("b"), e("f"));
            assertThat(listener.sentEvents.get() + listener.gaveUp.get() + skips.skipped.get())
                    .as("each of the 6 events counted once, as sent or as dropped").isEqualTo(6);
        }
    }

    @Test
    void underSkipsRacingASlowDestinationEveryEventIsCountedOnceAsSentOrDropped() throws Exception {
        Set<String> delivered = Collections.synchronizedSet(new HashSet<>());
        AtomicInteger duplicates = new AtomicInteger();
        ScriptedDestination slow = new ScriptedDestination() {
            @Override
            public void send(List<ForwardedEvent> events) throws DeliveryException, InterruptedException {
                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                    throw new DeliveryException("scripted failure", null, true, "scripted");
                }
                TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(1500));
                for (ForwardedEvent event : events) {
                    if (!delivered.add(event.auditId())) {
                        duplicates.incrementAndGet();
                    }
                }
            }
        };
        CountingListener listener = new CountingListener();
        SkipCounter skips = new SkipCounter();
        int total = 0;
        try (Journal journal = open(skipsEverything(), skips)) {
            try (Forwarder forwarder = forwarder(journal, slow, listener)) {
                forwarder.start();
                for (int entry = 0; entry < 400; entry++) {
                    int size = 1 + entry % 5;
                    String[] events = new String[size];
                    for (int i = 0; i < size; i++) {
                        events[i] = e("e" + total++);
                    }
                    append(journal, events);
                    if (entry % 3 == 0) {
                        journal.skipAhead("d");
                    }
                    TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(1000));
                }
                Await.awaitUntil(WAIT, () -> journal.consumerBacklog("d").events() == 0, "everything sent or skipped");
            }
            assertThat(duplicates).hasValue(0);
            assertThat(listener.sentEvents).hasValue(delivered.size());
            assertThat(skips.skipped.get()).as("skips happened").isPositive();
            assertThat(delivered.size() + listener.gaveUp.get() + skips.skipped.get())
                    .as("each event counted once: %d sent, %d given up in flight, %d skipped", delivered.size(),
                            listener.gaveUp.get(), skips.skipped.get())
                    .isEqualTo(total);
        }
    }
}
