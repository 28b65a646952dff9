package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SegmentFacts;
import dev.kubeaudit.agent.integrity.SegmentReader;
import dev.kubeaudit.agent.logfile.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the segments a node's records name (those in the time window) and the objects no record
 * names, many at once, each once, and says what each read shows: intact, {@code MODIFIED},
 * {@code TRUNCATED}, {@code APPENDED}, {@code REORDERED}, {@code MOVED}, {@code MISSING} or
 * {@code DECLARED_GAP}; objects named by no record and explained by nothing are handed back for
 * {@link MissingRecords}. Not thread-safe: one check per node.
 */
final class SegmentCheck {
    static final String DELETED_UNSHIPPED = "segment-deleted-unshipped";

    private final Archive archive;
    private final ReadPool pool;
    private final VerifyOptions options;
    private final SegmentTally tally = new SegmentTally();

    SegmentCheck(Archive archive, ReadPool pool, VerifyOptions options) {
        this.archive = archive;
        this.pool = pool;
        this.options = options;
    }

    private record Read(String key, ChainRecord record, StoredBytes bytes) {
    }

    /** Checks the segments; returns the objects no record names that nothing here explains, sorted. */
    TreeSet<String> check(NodeObjects objects, Chain chain, List<ChainRecord> allRecords, Findings findings)
            throws InterruptedException {
        Set<String> named = new HashSet<>();
        allRecords.forEach(r -> named.add(r.manifest().key()));
        List<ChainRecord> toRead = chain.records().stream()
                .filter(r -> !r.isGap() && options.inWindow(r.manifest().segmentTime())).toList();
        List<Read> reads = pool.map(toRead, r -> read(objects, r.manifest().key(), r, findings));
        List<Read> orphanReads = pool.map(orphans(objects, named, findings), k -> read(objects, k, null, findings));
        Map<String, ChainRecord> byHash = new HashMap<>();
        chain.records().stream().filter(r -> !r.isGap())
                .forEach(r -> byHash.putIfAbsent(r.manifest().facts().storedSha256(), r));
        Map<String, String> keyOfHash = new HashMap<>();
        for (List<Read> list : List.of(orphanReads, reads)) {
            list.stream().filter(r -> r.bytes() != null).forEach(r -> keyOfHash.putIfAbsent(r.bytes().sha256(), r.key()));
        }
        Map<String, ChainRecord> declared = declaredDeletions(chain);
        Set<String> consumed = new HashSet<>();
        for (Read read : reads) {
            judge(read, objects, byHash, keyOfHash, declared, consumed, findings);
        }
        return unexplained(orphanReads, consumed, byHash, findings);
    }

    /** Objects no record names; those in the integrity folder are INJECTED right away. */
    private static List<String> orphans(NodeObjects objects, Set<String> named, Findings findings) {
        List<String> orphans = new ArrayList<>();
        for (String key : objects.others().keySet()) {
            if (named.contains(key)) {
                continue;
            }
            if (objects.keys().inIntegrityArea(key)) {
                findings.failure(FindingType.INJECTED, null, "an object in the integrity folder that is no manifest"
                        + " or checkpoint", key);
            } else {
                orphans.add(key);
            }
        }
        return orphans;
    }

    /** Unnamed objects neither found to be a moved segment nor a copy of one. */
    private static TreeSet<String> unexplained(List<Read> orphanReads, Set<String> consumed,
                                               Map<String, ChainRecord> byHash, Findings findings) {
        TreeSet<String> unexplained = new TreeSet<>();
        for (Read read : orphanReads) {
            if (consumed.contains(read.key()) || read.bytes() == null) {
                continue;
            }
            ChainRecord copyOf = byHash.get(read.bytes().sha256());
            if (copyOf != null) {
                findings.failure(FindingType.INJECTED, copyOf.seq(), "a copy of the segment of record " + copyOf.seq()
                        + " ('" + copyOf.manifest().key() + "') that no record names", read.key());
            } else {
                unexplained.add(read.key());
            }
        }
        return unexplained;
    }

    SegmentTally tally() {
        return tally;
    }

    private Read read(NodeObjects objects, String key, ChainRecord record, Findings findings) {
        ArchiveObject listed = objects.others().get(key);
        if (listed == null) {
            return new Read(key, record, null);
        }
        long expected = record == null ? listed.size() : record.manifest().facts().storedSize();
        Compression deep = record != null && options.deep() ? compression(record.manifest()) : null;
        try (InputStream in = archive.open(key)) {
            return new Read(key, record, StoredBytes.read(in, expected, deep));
        } catch (NoSuchFileException e) {
            findings.incomplete(FindingType.UNREADABLE, record == null ? null : record.seq(),
                    "object listed but gone when read", key);
        } catch (IOException e) {
            findings.incomplete(FindingType.UNREADABLE, record == null ? null : record.seq(),
                    "read failed: " + e.getMessage(), key);
        }
        return new Read(key, record, null);
    }

    /** The compression the manifest states, or else the one the key's suffix says. */
    static Compression compression(Manifest m) {
        try {
            return Compression.valueOf(m.facts().compression().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return SegmentReader.compressionOf(m.key());
        }
    }

    private void judge(Read read, NodeObjects objects, Map<String, ChainRecord> byHash, Map<String, String> keyOfHash,
                       Map<String, ChainRecord> declared, Set<String> consumed, Findings findings) {
        ChainRecord r = read.record();
        Manifest m = r.manifest();
        SegmentFacts f = m.facts();
        String key = m.key();
        String manifestKey = objects.keys().manifestKey(key);
        tally.named();
        if (!objects.others().containsKey(key)) {
            absent(r, manifestKey, keyOfHash, declared, consumed, findings);
            return;
        }
        StoredBytes b = read.bytes();
        if (b == null) {
            return;   // unreadable: reported
        }
        ChainRecord other = byHash.get(b.sha256());
        if (b.size() == f.storedSize() && b.sha256().equals(f.storedSha256())) {
            if (deepFactsHold(r, manifestKey, b, findings) && r.trusted()) {
                tally.verified(f, b.facts());
            }
        } else if (other != null && other != r) {
            findings.failure(FindingType.REORDERED, r.seq(), "holds the bytes of the segment of record " + other.seq()
                    + " ('" + other.manifest().key() + "')", key, manifestKey, other.manifest().key());
        } else if (b.size() < f.storedSize()) {
            findings.failure(FindingType.TRUNCATED, r.seq(), b.size() + " bytes stored, the manifest says "
                    + f.storedSize(), key, manifestKey);
        } else if (b.size() > f.storedSize() && f.storedSha256().equals(b.prefixSha256())) {
            findings.failure(FindingType.APPENDED, r.seq(), "the manifest's " + f.storedSize() + " bytes followed by "
                    + (b.size() - f.storedSize()) + " more", key, manifestKey);
        } else {
            findings.failure(FindingType.MODIFIED, r.seq(), "stored bytes (" + b.size() + ", sha256 " + b.sha256()
                    + ") differ from the manifest's (" + f.storedSize() + ", sha256 " + f.storedSha256() + ")",
                    key, manifestKey);
        }
    }

    private void absent(ChainRecord r, String manifestKey, Map<String, String> keyOfHash,
                        Map<String, ChainRecord> declared, Set<String> consumed, Findings findings) {
        Manifest m = r.manifest();
        String foundAt = keyOfHash.get(m.facts().storedSha256());
        ChainRecord gap = declared.get(m.key());
        if (foundAt != null) {
            consumed.add(foundAt);
            findings.failure(FindingType.MOVED, r.seq(), "segment of record " + r.seq() + " found at '" + foundAt
                    + "' instead of its key", m.key(), foundAt, manifestKey);
        } else if (gap != null) {
            findings.warning(FindingType.DECLARED_GAP, r.seq(), "segment absent, declared deleted before it was"
                    + " shipped by gap record " + gap.seq(), m.key(), manifestKey, gap.objectKey());
        } else {
            findings.failure(FindingType.MISSING, r.seq(), "segment of record " + r.seq() + " is absent", m.key(),
                    manifestKey);
        }
    }

    private boolean deepFactsHold(ChainRecord r, String manifestKey, StoredBytes b, Findings findings) {
        if (!options.deep()) {
            return true;
        }
        String key = r.manifest().key();
        if (b.facts() == null) {
            findings.failure(FindingType.MODIFIED, r.seq(), "content does not decompress: " + b.contentError(), key,
                    manifestKey);
            return false;
        }
        List<String> differ = FactsDiff.of(r.manifest().facts(), b.facts());
        if (!differ.isEmpty()) {
            findings.failure(FindingType.MODIFIED, r.seq(), "content differs from the manifest: "
                    + String.join("; ", differ), key, manifestKey);
            return false;
        }
        return true;
    }

    /** Segment keys that gap records declare deleted before shipping, to their gap record. */
    private static Map<String, ChainRecord> declaredDeletions(Chain chain) {
        Map<String, ChainRecord> out = new HashMap<>();
        for (ChainRecord r : chain.records()) {
            if (r.isGap() && DELETED_UNSHIPPED.equals(r.manifest().gap().reason())
                    && r.manifest().gap().detail() != null) {
                out.putIfAbsent(r.manifest().gap().detail(), r);
            }
        }
        return out;
    }
}
