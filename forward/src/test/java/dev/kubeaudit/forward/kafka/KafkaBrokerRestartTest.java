package dev.kubeaudit.forward.kafka;

import dev.kubeaudit.forward.ForwardedEvent;
import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaBrokerRestartTest {
    private static final int BATCH = 50;
    private static final int MAX_ATTEMPTS = 20;

    @TempDir
    Path dir;

    /** The sender behaves as a journal consumer: it moves to the next batch only after a send returned. */
    @ParameterizedTest
    @ValueSource(strings = {"stop", "kill"})
    void aBrokerGoingDownMidRunLosesNoAcknowledgedEvent(String how) throws Exception {
        try (KafkaBroker broker = KafkaBroker.in(dir.resolve("broker"))) {
            broker.start();
            broker.createTopic("audit");
            AtomicInteger batchesAcked = new AtomicInteger();
            AtomicInteger lastBatch = new AtomicInteger(Integer.MAX_VALUE);
            AtomicInteger failedSends = new AtomicInteger();
            AtomicLong longestSendMillis = new AtomicLong();
            AtomicReference<Throwable> error = new AtomicReference<>();
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers(), "audit", "prod-eu", "cp-1")
                    .withDeliveryTimeout(Duration.ofSeconds(10));
            Thread sender = new Thread(() -> {
                try (KafkaDestination destination = KafkaDestination.open(settings)) {
                    for (int batch = 0; batch < lastBatch.get(); batch++) {
                        sendUntilAcknowledged(destination, AuditLines.numbered(batch * BATCH, BATCH),
                                failedSends, longestSendMillis);
                        batchesAcked.incrementAndGet();
                    }
                } catch (Throwable e) {
                    error.set(e);
                }
            }, "kafka-sender");
            sender.start();

            awaitUntil(Duration.ofSeconds(60), () -> batchesAcked.get() >= 10 || error.get() != null, "10 batches acknowledged");
            if (how.equals("kill")) {
                broker.kill();
            } else {
                broker.stop();
            }
            int ackedWhileDown = batchesAcked.get();
            broker.start();
            System.out.println("Kafka test broker restarted (after " + how + ") in " + broker.lastStartTime().toMillis() + " ms");
            lastBatch.set(batchesAcked.get() + 20);
            sender.join(Duration.ofSeconds(120).toMillis());

            assertThat(sender.isAlive()).as("sender still running").isFalse();
            assertThat(error.get()).as("sender failure").isNull();
            assertThat(failedSends.get() > 0 || longestSendMillis.get() >= 1000)
                    .as("a send met the broker down (failed sends %d, longest send %d ms, batches before %d)",
                            failedSends.get(), longestSendMillis.get(), ackedWhileDown)
                    .isTrue();
            int events = batchesAcked.get() * BATCH;
            List<TopicRecords.Consumed> records = TopicRecords.readAll(broker.bootstrapServers(), "audit");
            Map<String, Integer> copies = new LinkedHashMap<>();
            for (TopicRecords.Consumed record : records) {
                copies.merge(record.key(), 1, Integer::sum);
            }
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < events; n++) {
                expected.add(AuditLines.auditId(n));
            }
            assertThat(new ArrayList<>(copies.keySet())).as("first copies, in order").isEqualTo(expected);
            for (TopicRecords.Consumed record : records) {
                int n = expected.indexOf(record.key());
                assertThat(record.value()).isEqualTo(AuditLines.numbered(n, 1).get(0).line());
            }
            System.out.println("Broker " + how + " mid-run: " + events + " events acknowledged, " + records.size()
                    + " records, " + (records.size() - events) + " duplicates, " + failedSends.get()
                    + " failed sends, longest send " + longestSendMillis.get() + " ms");
        }
    }

    private static void sendUntilAcknowledged(KafkaDestination destination, List<ForwardedEvent> batch,
                                              AtomicInteger failedSends, AtomicLong longestSendMillis)
            throws InterruptedException, KafkaDeliveryException {
        for (int attempt = 1; ; attempt++) {
            long began = System.nanoTime();
            try {
                destination.send(batch);
                return;
            } catch (KafkaDeliveryException e) {
                failedSends.incrementAndGet();
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            } finally {
                longestSendMillis.accumulateAndGet(Duration.ofNanos(System.nanoTime() - began).toMillis(), Math::max);
            }
        }
    }
}
