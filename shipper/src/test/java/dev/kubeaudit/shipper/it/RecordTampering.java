package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.verify.FindingType.BAD_SIGNATURE;
import static dev.kubeaudit.agent.verify.FindingType.CHAIN_BREAK;
import static dev.kubeaudit.agent.verify.FindingType.FORK;
import static dev.kubeaudit.agent.verify.FindingType.MISSING;
import static dev.kubeaudit.agent.verify.FindingType.MOVED;
import static dev.kubeaudit.agent.verify.FindingType.UNKNOWN_KEY;

import dev.kubeaudit.agent.integrity.Digests;
import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.shipper.testing.ArchiveIndex.CheckpointObject;
import dev.kubeaudit.shipper.testing.ArchiveIndex.NodeChain;
import dev.kubeaudit.shipper.testing.ArchiveIndex.RecordObject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Changes to the chain's records (and a checkpoint signed by a stranger), each with the findings docs/verify.md names for
 * it and for what follows from it (the next record's link, the checkpoints over a changed record,
 * the freshness left). Segments stay as shipped.
 */
enum RecordTampering implements Tampering {
    /** A record's manifest deleted: MISSING for its seq, naming the manifest and the segment left without it. */
    DELETED_MANIFEST {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            RecordObject r = c.record(n);
            return deleteManifests(c, n, r.seq(), r.seq());
        }
    },
    /** Two consecutive records' manifests deleted: MISSING for each seq, each named. */
    DELETED_TWO_MANIFESTS {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            long first = c.random().nextInt(n.records().size() - 1);
            return deleteManifests(c, n, first, first + 1);
        }
    },
    /**
     * A record's stored bytes changed without its key (a signature byte, or its sealed time):
     * BAD_SIGNATURE, and CHAIN_BREAK at the next record, whose prev no longer matches.
     */
    EDITED_MANIFEST {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            RecordObject r = c.record(n);
            byte[] bytes = c.clean().bytes(r.objectKey());
            c.target().put(r.objectKey(), c.random().nextBoolean() ? Forgery.signatureFlipped(bytes, c.random())
                    : Forgery.sealedTimeEdited(bytes));
            return nextLinkBroken(c.expected().failure(BAD_SIGNATURE, n.node(), r.seq(), r.objectKey()), n, r);
        }
    },
    /**
     * A record sealed again with the agent's own key but a wrong prev: CHAIN_BREAK at it and at the
     * next record, and FORK naming every checkpoint over it (their roots are not the records').
     */
    WRONG_PREV {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            RecordObject r = c.record(n);
            String prev = Digests.hex(Forgery.random(c.random(), 32));
            c.target().put(r.objectKey(), Forgery.withPrev(r.manifest(), prev,
                    c.signers().at(n.node(), r.manifest().sealed())));
            Expected e = c.expected();
            if (r.seq() == 0) {
                e.failure(CHAIN_BREAK, n.node(), 0L, r.objectKey());
            } else {
                e.failure(CHAIN_BREAK, n.node(), r.seq(), n.record(r.seq() - 1).objectKey(), r.objectKey());
            }
            List<String> over = n.checkpoints().stream().filter(cp -> cp.size() > r.seq())
                    .sorted(Comparator.comparingLong(CheckpointObject::size).thenComparing(CheckpointObject.OLDEST_FIRST))
                    .map(CheckpointObject::key).toList();
            e.failure(FORK, n.node(), null, over.toArray(String[]::new));
            return nextLinkBroken(e, n, r);
        }
    },
    /**
     * A record or a checkpoint signed again by a key the verifier does not know: UNKNOWN_KEY (and
     * for a record CHAIN_BREAK at the next one; a checkpoint no longer counts for freshness).
     */
    STRANGERS_KEY {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            if (c.random().nextBoolean()) {
                RecordObject r = c.record(n);
                c.target().put(r.objectKey(), Forgery.resealed(r.manifest(), c.stranger()));
                return nextLinkBroken(c.expected().failure(UNKNOWN_KEY, n.node(), r.seq(), r.objectKey()), n, r);
            }
            CheckpointObject cp = c.pick(n.checkpoints());
            SignedCheckpoint s = cp.checkpoint();
            c.target().put(cp.key(), SignedCheckpoint.create(s.origin(), s.size(), s.root(), s.time(), c.stranger()));
            return c.expected().checkpointUntrusted(n.node(), cp.key()).failure(UNKNOWN_KEY, n.node(), null, cp.key());
        }
    },
    /**
     * A second record for a seq, signed with the agent's key (its sealed time a second later) and
     * stored beside the first: FORK naming both, MOVED for the second (not at its record's key).
     */
    SECOND_RECORD_OF_A_SEQ {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            RecordObject r = c.record(n);
            Instant sealed = r.manifest().sealed().plusSeconds(1);
            String key = r.objectKey().replace(".manifest", "-forked.manifest");
            c.target().put(key, Forgery.withSealed(r.manifest(), sealed, c.signers().at(n.node(), sealed)));
            List<String> both = new ArrayList<>(List.of(r.objectKey(), key));
            both.sort(Comparator.naturalOrder());
            return c.expected().failure(FORK, n.node(), r.seq(), both.toArray(String[]::new))
                    .failure(MOVED, n.node(), r.seq(), key, r.objectKey());
        }
    };

    /** Deletes the manifests of records {@code first..last}; MISSING for each as docs/verify.md names it. */
    static Expected deleteManifests(TamperContext c, NodeChain n, long first, long last) throws IOException {
        Expected e = c.expected();
        List<String> orphans = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            RecordObject r = n.record(seq);
            c.target().delete(r.objectKey());
            e.recordRemoved(n.node(), seq);
            if (!r.isGap()) {
                orphans.add(r.segmentKey());
            }
        }
        orphans.sort(Comparator.naturalOrder());
        long count = last - first + 1;
        if (orphans.size() == count) {
            for (int i = 0; i < count; i++) {
                e.failure(MISSING, n.node(), first + i,
                        orphans.get(i) + ".manifest", orphans.get(i));
            }
            return e;
        }
        List<String> keys = new ArrayList<>();
        if (first > 0) {
            keys.add(n.record(first - 1).objectKey());
        }
        if (last + 1 < n.records().size()) {
            keys.add(n.record(last + 1).objectKey());
        }
        keys.addAll(orphans);
        for (long seq = first; seq <= last; seq++) {
            e.failure(MISSING, n.node(), seq, keys.toArray(String[]::new));
        }
        return e;
    }

    /** CHAIN_BREAK at the record after {@code r}, whose prev is the hash of r's bytes as sealed. */
    static Expected nextLinkBroken(Expected e, NodeChain n, RecordObject r) {
        if (r.seq() + 1 < n.records().size()) {
            e.failure(CHAIN_BREAK, n.node(), r.seq() + 1, r.objectKey(), n.record(r.seq() + 1).objectKey());
        }
        return e;
    }
}
