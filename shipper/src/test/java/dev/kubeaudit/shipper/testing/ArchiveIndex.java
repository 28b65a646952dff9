package dev.kubeaudit.shipper.testing;

import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.agent.integrity.SignedNote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a sealed archive holds, read with the integrity classes: per node ({@code cluster/node}) its
 * records by seq and its checkpoints oldest first (by time, then size, then key: the order a
 * verifier takes the newest by). For tests that tamper with an archive and state which findings
 * that must give. Immutable.
 */
public record ArchiveIndex(Map<String, byte[]> objects, Map<String, NodeChain> nodes) {

    /** A record (segment manifest or gap record) as stored. */
    public record RecordObject(String objectKey, SealedManifest sealed) {
        public Manifest manifest() {
            return sealed.manifest();
        }

        public long seq() {
            return manifest().seq();
        }

        public boolean isGap() {
            return manifest().isGap();
        }

        /** The segment's key; null for a gap record. */
        public String segmentKey() {
            return isGap() ? null : manifest().key();
        }
    }

    /** A checkpoint as stored. */
    public record CheckpointObject(String key, SignedCheckpoint checkpoint) {
        public static final Comparator<CheckpointObject> OLDEST_FIRST = Comparator.comparing(CheckpointObject::time)
                .thenComparingLong(CheckpointObject::size).thenComparing(CheckpointObject::key);

        public long size() {
            return checkpoint.size();
        }

        public Instant time() {
            return checkpoint.time();
        }
    }

    /** One node's chain: records in seq order (gapless from 0 in a clean archive), checkpoints oldest first. */
    public record NodeChain(String node, ChainKeys keys, List<RecordObject> records, List<CheckpointObject> checkpoints) {
        public RecordObject record(long seq) {
            return records.get((int) seq);
        }

        public List<RecordObject> segments() {
            return records.stream().filter(r -> !r.isGap()).toList();
        }

        public List<RecordObject> gaps() {
            return records.stream().filter(RecordObject::isGap).toList();
        }

        public CheckpointObject newest() {
            return checkpoints.get(checkpoints.size() - 1);
        }

        /** The nearest segment record below {@code seq}. */
        public Optional<RecordObject> segmentBelow(long seq) {
            return records.stream().filter(r -> r.seq() < seq && !r.isGap()).reduce((a, b) -> b);
        }
    }

    /** Reads every object of {@code archive} and sorts its manifests and checkpoints out by node. */
    public static ArchiveIndex of(ChainArchive archive) {
        Map<String, List<RecordObject>> records = new TreeMap<>();
        Map<String, List<CheckpointObject>> checkpoints = new TreeMap<>();
        archive.objects().forEach((key, bytes) -> {
            String[] parts = key.split("/", 3);
            String node = parts[0] + "/" + parts[1];
            try {
                if (key.endsWith(ChainKeys.CHECKPOINT_SUFFIX)) {
                    checkpoints.computeIfAbsent(node, n -> new ArrayList<>())
                            .add(new CheckpointObject(key, SignedCheckpoint.parse(bytes)));
                } else if (key.endsWith(ChainKeys.MANIFEST_SUFFIX)) {
                    records.computeIfAbsent(node, n -> new ArrayList<>()).add(new RecordObject(key,
                            SealedManifest.parse(bytes)));
                }
            } catch (SignedNote.NoteFormatException e) {
                throw new AssertionError(key + " does not parse: " + e.getMessage(), e);
            }
        });
        Map<String, NodeChain> nodes = new TreeMap<>();
        records.forEach((node, list) -> {
            list.sort(Comparator.comparingLong(RecordObject::seq));
            List<CheckpointObject> cps = new ArrayList<>(checkpoints.getOrDefault(node, List.of()));
            cps.sort(CheckpointObject.OLDEST_FIRST);
            String[] names = node.split("/");
            nodes.put(node, new NodeChain(node, new ChainKeys(names[0], names[1]), List.copyOf(list), List.copyOf(cps)));
        });
        return new ArchiveIndex(Map.copyOf(archive.objects()), Map.copyOf(nodes));
    }

    public NodeChain node(String node) {
        NodeChain chain = nodes.get(node);
        if (chain == null) {
            throw new IllegalArgumentException("node: " + node + " (expected one of " + nodes.keySet() + ")");
        }
        return chain;
    }

    public byte[] bytes(String key) {
        byte[] b = objects.get(key);
        if (b == null) {
            throw new IllegalArgumentException("key: " + key + " (expected: an object of the archive)");
        }
        return b.clone();
    }
}
