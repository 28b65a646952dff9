package dev.kubeaudit.shipper.testing;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.Digests;
import dev.kubeaudit.agent.integrity.MerkleTree;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.agent.integrity.SignedNote;
import dev.kubeaudit.agent.integrity.VerifierKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A node's chain as an auditor reads it back from an archive: every manifest (segment and gap
 * records) and every checkpoint, parsed with the integrity classes, and the checks a verifier
 * makes: seqs gapless from 0, each prev the SHA-256 of the previous record's stored bytes, every
 * signature by the given key, every checkpoint's root that of the first N records' leaf hashes.
 * Keys are relative to the archive root. Immutable.
 */
public record ChainArchive(Map<String, byte[]> objects) {

    /** The objects of a {@code file:} archive, temp files left out. */
    public static ChainArchive ofFolder(Path root) {
        Map<String, byte[]> objects = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return new ChainArchive(objects);
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (!f.getFileName().toString().startsWith(".")) {
                    objects.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChainArchive(objects);
    }

    /** The objects of the test S3 server's bucket under {@code prefix} ("" for none), keys without it. */
    public static ChainArchive ofBucket(S3Server server, String prefix) {
        Map<String, byte[]> objects = new TreeMap<>();
        for (String key : server.keys()) {
            if (key.startsWith(prefix)) {
                objects.put(key.substring(prefix.length()), server.bytes(key));
            }
        }
        return new ChainArchive(objects);
    }

    /** Every record (segment manifests and gap records), by seq. */
    public List<SealedManifest> records() {
        List<SealedManifest> records = new ArrayList<>();
        objects.forEach((key, bytes) -> {
            if (key.endsWith(ChainKeys.MANIFEST_SUFFIX)) {
                try {
                    records.add(SealedManifest.parse(bytes));
                } catch (SignedNote.NoteFormatException e) {
                    throw new AssertionError(key + " is not a sealed manifest: " + e.getMessage(), e);
                }
            }
        });
        records.sort(Comparator.comparingLong(r -> r.manifest().seq()));
        return records;
    }

    /** Every checkpoint, oldest key first (keys sort by time). */
    public List<SignedCheckpoint> checkpoints() {
        List<SignedCheckpoint> checkpoints = new ArrayList<>();
        objects.forEach((key, bytes) -> {
            if (key.endsWith(ChainKeys.CHECKPOINT_SUFFIX)) {
                try {
                    checkpoints.add(SignedCheckpoint.parse(bytes));
                } catch (SignedNote.NoteFormatException e) {
                    throw new AssertionError(key + " is not a checkpoint: " + e.getMessage(), e);
                }
            }
        });
        return checkpoints;
    }

    /** The keys of the checkpoints, in order. */
    public List<String> checkpointKeys() {
        return objects.keySet().stream().filter(k -> k.endsWith(ChainKeys.CHECKPOINT_SUFFIX)).toList();
    }

    /**
     * Checks the chain as a verifier would and fails with what is wrong: records 0..n-1 all there,
     * linked and signed by {@code key}, each stored under the key its manifest names; every
     * checkpoint signed by {@code key}, of at most n records, with the root of that many records.
     */
    public void verify(VerifierKey key) {
        List<SealedManifest> records = records();
        List<byte[]> leaves = new ArrayList<>();
        String prev = "";
        for (int i = 0; i < records.size(); i++) {
            SealedManifest r = records.get(i);
            check(r.manifest().seq() == i, "record " + i + " has seq " + r.manifest().seq());
            check(r.manifest().prev().equals(prev), "record " + i + " has prev " + r.manifest().prev()
                    + " (expected: " + prev + ")");
            check(r.verify(List.of(key)) == SignedNote.Verdict.VERIFIED, "record " + i + " is not signed by " + key);
            String named = r.manifest().key();
            String objectKey = r.manifest().isGap() ? named : ArchiveLayout.ofKey(named).manifestKey(named);
            check(Arrays.equals(objects.get(objectKey), r.bytes()), "record " + i + " is not stored at " + objectKey);
            prev = r.sha256Hex();
            leaves.add(r.leafHash());
        }
        for (SignedCheckpoint c : checkpoints()) {
            check(c.verify(List.of(key)) == SignedNote.Verdict.VERIFIED, "checkpoint of " + c.size() + " not signed");
            check(c.size() <= records.size(), "checkpoint of " + c.size() + " covers records not in the archive ("
                    + records.size() + ")");
            check(Arrays.equals(c.root(), MerkleTree.root(leaves, (int) c.size())), "checkpoint of " + c.size()
                    + " has root " + Digests.hex(c.root()) + " (expected: the root of the first " + c.size()
                    + " records)");
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
