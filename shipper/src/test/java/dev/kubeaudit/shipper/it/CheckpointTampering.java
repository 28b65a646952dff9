package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.verify.FindingType.BAD_SIGNATURE;
import static dev.kubeaudit.agent.verify.FindingType.CLOCK_SKEW;
import static dev.kubeaudit.agent.verify.FindingType.FORK;
import static dev.kubeaudit.agent.verify.FindingType.MISSING;
import static dev.kubeaudit.agent.verify.FindingType.ROLLBACK;

import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.agent.integrity.SignedNote;
import dev.kubeaudit.agent.verify.Severity;
import dev.kubeaudit.shipper.testing.ArchiveIndex.CheckpointObject;
import dev.kubeaudit.shipper.testing.ArchiveIndex.NodeChain;
import dev.kubeaudit.shipper.testing.ArchiveIndex.RecordObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Changes to a node's checkpoints and to its tail, each with the findings docs/verify.md names for
 * it and for the freshness it leaves: what only checkpoints, their times and the verifier's state
 * can show (a truncated tail, a rollback, a fork).
 */
enum CheckpointTampering implements Tampering {
    /** A checkpoint's signature changed: BAD_SIGNATURE, and it no longer counts for freshness. */
    EDITED_CHECKPOINT {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            CheckpointObject cp = c.pick(n.checkpoints());
            c.target().put(cp.key(), Forgery.signatureFlipped(c.clean().bytes(cp.key()), c.random()));
            return c.expected().checkpointUntrusted(n.node(), cp.key()).failure(BAD_SIGNATURE, n.node(), null, cp.key());
        }
    },
    /**
     * The newest 1 to 3 records deleted with their segments and every checkpoint over them: nothing
     * else shows it, so verified later than the staleness allows, the node is STALE_TAIL
     * (incomplete) naming its newest checkpoint left. Or every checkpoint deleted: STALE_TAIL, none named.
     */
    TAIL_TRUNCATED {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            if (c.random().nextInt(4) == 0) {
                Expected e = c.expected();
                for (CheckpointObject cp : n.checkpoints()) {
                    c.target().delete(cp.key());
                    e.checkpointUntrusted(n.node(), cp.key());
                }
                return e;
            }
            Expected e = truncateTail(c, n, 1 + c.random().nextInt(3));
            return e.onlyNode(n.node()).at(e.newestTrusted(n.node()).time().plus(c.maxStaleness()).plusSeconds(1));
        }
    },
    /**
     * Verified with the state of a clean run after the newest checkpoints were deleted (an older
     * one replayed as the newest), after the whole tail was, or after the node was deleted
     * entirely: ROLLBACK naming the newest checkpoint left (none left: none named); the records
     * the state remembers but the archive lacks are MISSING, each named.
     */
    ROLLED_BACK {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            int variant = c.random().nextInt(3);
            Expected e;
            if (variant == 0) {
                List<CheckpointObject> all = n.checkpoints();
                int kept = 1 + c.random().nextInt(all.size() - 1);
                e = c.expected();
                for (CheckpointObject cp : all.subList(kept, all.size())) {
                    c.target().delete(cp.key());
                    e.checkpointUntrusted(n.node(), cp.key());
                }
            } else if (variant == 1) {
                int k = 1 + c.random().nextInt(3);
                e = truncateTail(c, n, k);
                String before = n.record(n.records().size() - k - 1).objectKey();
                for (long seq = n.records().size() - k; seq < n.records().size(); seq++) {
                    e.failure(MISSING, n.node(), seq, before);
                }
            } else {
                e = c.expected().nodeEmptied(n.node()).failure(MISSING, n.node(), null);
                for (String key : c.clean().objects().keySet()) {
                    if (key.startsWith(n.keys().nodePrefix())) {
                        c.target().delete(key);
                    }
                }
                for (RecordObject r : n.records()) {
                    e.failure(MISSING, n.node(), r.seq());
                }
                return e.withState(c.cleanState()).failure(ROLLBACK, n.node(), null);
            }
            return e.withState(c.cleanState()).failure(ROLLBACK, n.node(), null, e.newestTrusted(n.node()).key());
        }
    },
    /**
     * A checkpoint of an existing size with another root, signed with the agent's key: FORK for
     * the two roots of one size (naming every checkpoint of that size) and FORK for the root the
     * records do not give (naming the forged one). Dated just before the first of its size; or,
     * verified with a clean run's state, just after the newest: then also FORK against the state.
     */
    FORKED_CHECKPOINT {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            boolean newest = c.random().nextBoolean();
            long size = newest ? n.newest().size() : c.pick(n.checkpoints()).size();
            List<CheckpointObject> same = n.checkpoints().stream().filter(cp -> cp.size() == size).toList();
            Instant time = newest ? n.newest().time().plusSeconds(1) : freeMillisecond(c, n, same.get(0).time(), size);
            CheckpointObject forged = forge(c, n, size, Forgery.random(c.random(), 32), time);
            List<String> all = new ArrayList<>(same.stream().map(CheckpointObject::key).toList());
            all.add(forged.key());
            all.sort(Comparator.naturalOrder());
            Expected e = c.expected().checkpointTrusted(n.node(), forged)
                    .failure(FORK, n.node(), null, all.toArray(String[]::new))
                    .failure(FORK, n.node(), null, forged.key());
            return newest ? e.withState(c.cleanState()).failure(FORK, n.node(), null, forged.key()) : e;
        }
    },
    /** A true checkpoint signed with the agent's key but dated an hour ahead: CLOCK_SKEW, not used for freshness. */
    FUTURE_CHECKPOINT {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            CheckpointObject newest = n.newest();
            CheckpointObject forged = forge(c, n, newest.size(), newest.checkpoint().root(),
                    c.end().plus(Duration.ofMinutes(60 + c.random().nextInt(600))));
            return c.expected().checkpointTrusted(n.node(), forged)
                    .add(CLOCK_SKEW, Severity.WARNING, n.node(), null, List.of(forged.key()));
        }
    };

    /** The first millisecond of {@code second} whose checkpoint key of {@code size} is free. */
    static Instant freeMillisecond(TamperContext c, NodeChain n, Instant second, long size) {
        Instant t = second;
        while (c.clean().objects().containsKey(n.keys().checkpointKey(t, size))) {
            t = t.plusMillis(1);
        }
        return t;
    }

    /** Signs a checkpoint of {@code n} with the agent's key of {@code time} and stores it under its own key. */
    static CheckpointObject forge(TamperContext c, NodeChain n, long size, byte[] root, Instant time)
            throws IOException {
        byte[] bytes = SignedCheckpoint.create(n.keys().origin(), size, root, time, c.signers().at(n.node(), time));
        String key = n.keys().checkpointKey(time, size);
        c.target().put(key, bytes);
        try {
            return new CheckpointObject(key, SignedCheckpoint.parse(bytes));
        } catch (SignedNote.NoteFormatException e) {
            throw new IllegalStateException("A checkpoint just signed does not parse: " + e.getMessage(), e);
        }
    }

    /** Deletes the newest {@code k} records with their segments and every checkpoint of more records than are left. */
    static Expected truncateTail(TamperContext c, NodeChain n, int k) throws IOException {
        Expected e = c.expected();
        long left = n.records().size() - k;
        for (RecordObject r : n.records().subList((int) left, n.records().size())) {
            c.target().delete(r.objectKey());
            if (!r.isGap()) {
                c.target().delete(r.segmentKey());
            }
            e.recordRemoved(n.node(), r.seq());
        }
        for (CheckpointObject cp : n.checkpoints()) {
            if (cp.size() > left) {
                c.target().delete(cp.key());
                e.checkpointUntrusted(n.node(), cp.key());
            }
        }
        return e;
    }
}
