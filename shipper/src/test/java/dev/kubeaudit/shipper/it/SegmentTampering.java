package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.verify.FindingType.APPENDED;
import static dev.kubeaudit.agent.verify.FindingType.INJECTED;
import static dev.kubeaudit.agent.verify.FindingType.MISSING;
import static dev.kubeaudit.agent.verify.FindingType.MODIFIED;
import static dev.kubeaudit.agent.verify.FindingType.MOVED;
import static dev.kubeaudit.agent.verify.FindingType.REORDERED;
import static dev.kubeaudit.agent.verify.FindingType.TRUNCATED;

import dev.kubeaudit.agent.verify.FindingType;
import dev.kubeaudit.agent.verify.Severity;
import dev.kubeaudit.shipper.testing.ArchiveIndex.CheckpointObject;
import dev.kubeaudit.shipper.testing.ArchiveIndex.NodeChain;
import dev.kubeaudit.shipper.testing.ArchiveIndex.RecordObject;
import dev.kubeaudit.shipper.testing.WritableFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Changes to the segments and to what lies beside them, each with the one finding docs/verify.md
 * names for it: the exact record and keys. Records, manifests and checkpoints stay as sealed.
 */
enum SegmentTampering implements Tampering {
    /** A byte of a segment changed: MODIFIED, the segment and its manifest named. */
    MODIFIED_SEGMENT {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            RecordObject r = c.segment(n);
            byte[] bytes = c.clean().bytes(r.segmentKey());
            c.target().put(r.segmentKey(), Forgery.flipped(bytes, c.random().nextInt(bytes.length), c.random()));
            return c.expected().failure(MODIFIED, n.node(), r.seq(), r.segmentKey(), r.objectKey());
        }
    },
    /** A segment deleted: MISSING for its record, the segment and its manifest named. */
    DELETED_SEGMENT {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            RecordObject r = c.segment(n);
            c.target().delete(r.segmentKey());
            return c.expected().failure(MISSING, n.node(), r.seq(), r.segmentKey(), r.objectKey());
        }
    },
    /** Two segments' bytes swapped: REORDERED for each, naming the segment whose bytes it holds. */
    SWAPPED_SEGMENTS {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            List<RecordObject> segments = n.segments();
            int i = c.random().nextInt(segments.size());
            int j = (i + 1 + c.random().nextInt(segments.size() - 1)) % segments.size();
            RecordObject a = segments.get(i);
            RecordObject b = segments.get(j);
            c.target().put(a.segmentKey(), c.clean().bytes(b.segmentKey()));
            c.target().put(b.segmentKey(), c.clean().bytes(a.segmentKey()));
            return c.expected()
                    .failure(REORDERED, n.node(), a.seq(), a.segmentKey(), a.objectKey(), b.segmentKey())
                    .failure(REORDERED, n.node(), b.seq(), b.segmentKey(), b.objectKey(), a.segmentKey());
        }
    },
    /**
     * Objects away from their keys, each MOVED naming where it is found: a segment under another
     * key of its node (with its key and manifest); a record under another key (with its key); a
     * checkpoint under a key naming another size; another node's checkpoint or record under this node.
     */
    MOVED_OBJECT {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            NodeChain other = c.otherNode(n);
            switch (c.random().nextInt(5)) {
                case 0: {
                    RecordObject r = c.segment(n);
                    String name = r.segmentKey().substring(r.segmentKey().lastIndexOf('/') + 1);
                    String to = c.random().nextBoolean() ? r.segmentKey().replace("/audit-", "/renamed-audit-")
                            : n.keys().nodePrefix() + "2026/01/01/" + name;
                    c.target().move(r.segmentKey(), to);
                    return c.expected().failure(MOVED, n.node(), r.seq(), r.segmentKey(), to, r.objectKey());
                }
                case 1: {
                    RecordObject r = c.record(n);
                    String to = r.objectKey().replace(".manifest", "-" + c.random().nextInt(1000) + ".manifest");
                    c.target().move(r.objectKey(), to);
                    return c.expected().recordAt(n.node(), r.seq(), to)
                            .failure(MOVED, n.node(), r.seq(), to, r.objectKey());
                }
                case 2: {
                    CheckpointObject cp = c.pick(n.checkpoints());
                    String to = n.keys().checkpointKey(cp.time(), cp.size() + 1 + c.random().nextInt(5));
                    c.target().move(cp.key(), to);
                    return c.expected().checkpointUntrusted(n.node(), cp.key())
                            .checkpointTrusted(n.node(), new CheckpointObject(to, cp.checkpoint()))
                            .failure(MOVED, n.node(), null, to);
                }
                case 3: {
                    CheckpointObject cp = c.pick(other.checkpoints());
                    Instant t = cp.time().plusMillis(7);
                    while (c.clean().objects().containsKey(n.keys().checkpointKey(t, cp.size()))) {
                        t = t.plusMillis(1);
                    }
                    String to = n.keys().checkpointKey(t, cp.size());
                    c.target().put(to, c.clean().bytes(cp.key()));
                    return c.expected().failure(MOVED, n.node(), null, to);
                }
                default: {
                    RecordObject r = c.record(other);
                    String to = n.keys().nodePrefix() + "2026/11/27/foreign-" + r.seq() + ".log.manifest";
                    c.target().put(to, c.clean().bytes(r.objectKey()));
                    return c.expected().failure(MOVED, n.node(), r.seq(), to);
                }
            }
        }
    },
    /** A segment cut short: TRUNCATED. */
    TRUNCATED_SEGMENT {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            RecordObject r = c.segment(n);
            byte[] bytes = c.clean().bytes(r.segmentKey());
            c.target().put(r.segmentKey(), Arrays.copyOf(bytes, c.random().nextInt(bytes.length)));
            return c.expected().failure(TRUNCATED, n.node(), r.seq(), r.segmentKey(), r.objectKey());
        }
    },
    /** Bytes after a segment's: trailing bytes on a plain one, a second gzip member on a .gz: APPENDED. */
    APPENDED_DATA {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            RecordObject r = c.segment(n);
            byte[] bytes = c.clean().bytes(r.segmentKey());
            String line = "{\"kind\":\"Event\",\"auditID\":\"forged-" + c.seed() + "\"}\n";
            byte[] more = r.segmentKey().endsWith(".gz") ? Forgery.gzipMember(line.getBytes(StandardCharsets.UTF_8))
                    : Forgery.random(c.random(), 1 + c.random().nextInt(64));
            c.target().put(r.segmentKey(), Forgery.appended(bytes, more));
            return c.expected().failure(APPENDED, n.node(), r.seq(), r.segmentKey(), r.objectKey());
        }
    },
    /**
     * An object no record names under a node's prefix: INJECTED, naming it (with the record whose
     * segment it copies). In a folder, one written now after the newest segment is a STALE_TAIL
     * warning instead: its manifest may be on its way.
     */
    INJECTED_OBJECT {
        @Override
        public Expected apply(TamperContext c) throws IOException {
            NodeChain n = c.node();
            String prefix = n.keys().nodePrefix();
            int variant = c.random().nextInt(c.canSetTimes() ? 4 : 3);
            byte[] junk = Forgery.random(c.random(), 1 + c.random().nextInt(4096));
            if (variant == 0) {
                String first = n.segments().get(0).segmentKey();
                String key = first.substring(0, first.lastIndexOf('/') + 1) + "audit-0000-injected.log";
                c.target().put(key, junk);
                return c.expected().failure(INJECTED, n.node(), null, key);
            }
            if (variant == 1) {
                RecordObject r = c.segment(n);
                String key = r.segmentKey() + ".copy";
                c.target().put(key, c.clean().bytes(r.segmentKey()));
                return c.expected().failure(INJECTED, n.node(), r.seq(), key);
            }
            if (variant == 2) {
                String key = prefix + "integrity/notes-" + c.seed() + ".txt";
                c.target().put(key, junk);
                return c.expected().failure(INJECTED, n.node(), null, key);
            }
            String key = prefix + "9999/12/31/audit-9999-12-31T00-00-00.000.log";
            c.target().put(key, junk);
            ((WritableFolder) c.target()).modified(key, c.end());
            return c.expected().add(FindingType.STALE_TAIL, Severity.WARNING, n.node(), null, List.of(key));
        }
    }
}
