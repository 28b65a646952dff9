package dev.kubeaudit.agent.policy;

import static dev.kubeaudit.agent.policy.TestEvents.event;
import static dev.kubeaudit.agent.policy.TestEvents.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The policy between ingest and the journal. */
class PolicySinkTest {
    final List<Batch> stored = new CopyOnWriteArrayList<>();
    volatile BatchSink.Appended answer = BatchSink.Appended.STORED;
    final BatchSink journal = new BatchSink() {
        @Override
        public Refusal refusal() {
            return Refusal.DISK_LOW;
        }

        @Override
        public CompletableFuture<Appended> append(Batch batch) {
            stored.add(batch);
            return CompletableFuture.completedFuture(answer);
        }
    };
    final Map<EventEditor.Drop, Integer> filtered = new EnumMap<>(EventEditor.Drop.class);
    final PolicyListener listener = new PolicyListener() {
        @Override
        public synchronized void filtered(EventEditor.Drop reason, int events) {
            filtered.merge(reason, events, Integer::sum);
        }
    };

    @Test
    void dropsAndEditsEventsKeepsTheDigestAndCountsOnlyStoredBatches() throws Exception {
        Policy policy = policy("omitStages: [RequestReceived]\n", "  - level: None\n    users: [bob]\n"
                + "  - level: Metadata\n");
        PolicySink sink = new PolicySink(policy, journal, listener);
        byte[] kept = event().user("alice").bytes();
        byte[] edited = event().level("Request").requestObject("{}").bytes();
        Batch batch = new Batch("audit.k8s.io/v1", List.of(event().user("bob").bytes(), kept,
                event().stage("RequestReceived").bytes(), edited), new byte[] {7});

        assertThat(sink.append(batch).get()).isEqualTo(BatchSink.Appended.STORED);
        Batch out = stored.get(0);
        assertThat(out.digest()).containsExactly(7);
        assertThat(out.items()).hasSize(2);
        assertThat(out.items().get(0)).isEqualTo(kept);
        assertThat(new String(out.items().get(1))).contains("\"level\":\"Metadata\"").doesNotContain("requestObject");
        assertThat(filtered).containsEntry(EventEditor.Drop.LEVEL_NONE, 1).containsEntry(EventEditor.Drop.STAGE, 1);

        answer = BatchSink.Appended.DUPLICATE;
        sink.append(batch).get();
        assertThat(filtered).containsEntry(EventEditor.Drop.LEVEL_NONE, 1);
        assertThat(sink.refusal()).isEqualTo(BatchSink.Refusal.DISK_LOW);
    }

    @Test
    void aBatchThePolicyLeavesAloneIsPassedOnAsItIs() throws Exception {
        PolicySink sink = new PolicySink(policy("", "  - level: RequestResponse\n"), journal, listener);
        Batch batch = new Batch("audit.k8s.io/v1", List.of(event().bytes()), new byte[] {1});
        sink.append(batch).get();
        assertThat(stored.get(0)).isSameAs(batch);

        sink.replace(policy("", "  - level: None\n"));
        sink.append(batch).get();
        assertThat(stored.get(1).items()).isEmpty();
        assertThat(stored.get(1).digest()).containsExactly(1);
    }
}
