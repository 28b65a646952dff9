package dev.kubeaudit.agent.policy;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link BatchSink} that applies the current {@link Policy} to every event of a batch (see
 * {@link EventEditor}) and hands the result to the sink behind it, normally the journal. The batch
 * keeps its digest, so a re-sent body is still recognised as a duplicate, and a batch whose events
 * are all dropped is still stored, empty. Dropped events are reported once the batch is stored (not
 * for duplicates). An event the policy cannot read is kept unchanged. The policy can be replaced at
 * any time; each batch sees one policy. Thread-safe.
 */
public final class PolicySink implements BatchSink {
    private final BatchSink next;
    private final PolicyListener listener;
    private volatile Policy policy;

    public PolicySink(Policy policy, BatchSink next, PolicyListener listener) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.next = Objects.requireNonNull(next, "next");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Puts {@code newPolicy} in force for the batches that arrive from now on. */
    public void replace(Policy newPolicy) {
        this.policy = Objects.requireNonNull(newPolicy, "policy");
    }

    public Policy policy() {
        return policy;
    }

    @Override
    public Refusal refusal() {
        return next.refusal();
    }

    @Override
    public CompletableFuture<Appended> append(Batch batch) {
        Policy current = policy;
        List<byte[]> items = batch.items();
        List<byte[]> kept = new ArrayList<>(items.size());
        Map<EventEditor.Drop, Integer> dropped = new EnumMap<>(EventEditor.Drop.class);
        for (byte[] item : items) {
            byte[] result = apply(current, item, dropped);
            if (result != null) {
                kept.add(result);
            }
        }
        Batch filtered = dropped.isEmpty() && sameItems(kept, items) ? batch
                : new Batch(batch.apiVersion(), kept, batch.digest());
        return next.append(filtered).thenApply(appended -> {
            if (appended == Appended.STORED) {
                dropped.forEach(listener::filtered);
            }
            return appended;
        });
    }

    private static byte[] apply(Policy policy, byte[] item, Map<EventEditor.Drop, Integer> dropped) {
        EventEditor.Applied applied;
        try {
            applied = EventEditor.apply(policy, item);
        } catch (IllegalArgumentException e) {
            return item;
        }
        if (applied.drop() != null) {
            dropped.merge(applied.drop(), 1, Integer::sum);
        }
        return applied.event();
    }

    private static boolean sameItems(List<byte[]> kept, List<byte[]> items) {
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i) != items.get(i)) {
                return false;
            }
        }
        return true;
    }
}
