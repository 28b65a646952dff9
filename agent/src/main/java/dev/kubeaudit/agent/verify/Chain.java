package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.ChainKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A node's chain as found: one record per seq (of several claiming a seq, the trusted one the next
 * record links to), checked for records away from their keys ({@code MOVED}), two different trusted
 * records of one seq ({@code FORK}) and links that do not hold ({@code CHAIN_BREAK}). Missing seqs
 * are left to {@link MissingRecords}, which also knows the checkpoints. Immutable once built.
 */
final class Chain {
    private final NavigableMap<Long, ChainRecord> bySeq;

    private Chain(NavigableMap<Long, ChainRecord> bySeq) {
        this.bySeq = bySeq;
    }

    static Chain build(ChainKeys keys, List<ChainRecord> records, Findings findings) {
        Map<Long, List<ChainRecord>> claims = new TreeMap<>();
        for (ChainRecord r : records) {
            String expected = expectedKey(keys, r);
            if (!r.objectKey().equals(expected)) {
                findings.failure(FindingType.MOVED, r.seq(), "record " + r.seq() + " found at '" + r.objectKey()
                        + "', its key is '" + expected + "'", r.objectKey(), expected);
            }
            claims.computeIfAbsent(r.seq(), s -> new ArrayList<>()).add(r);
        }
        NavigableMap<Long, ChainRecord> bySeq = new TreeMap<>();
        claims.forEach((seq, claimants) -> bySeq.put(seq, choose(keys, seq, claimants, claims.get(seq + 1), findings)));
        Chain chain = new Chain(bySeq);
        chain.checkLinks(findings);
        return chain;
    }

    /** Of several records claiming {@code seq}: trusted first, then the one the next record links to, then the one at its key. */
    private static ChainRecord choose(ChainKeys keys, long seq, List<ChainRecord> claimants, List<ChainRecord> next,
                                      Findings findings) {
        Set<String> linked = new HashSet<>();
        if (next != null) {
            next.forEach(r -> linked.add(r.manifest().prev()));
        }
        claimants.sort(Comparator.comparing((ChainRecord r) -> !r.trusted())
                .thenComparing(r -> !linked.contains(r.sha256()))
                .thenComparing(r -> !placed(keys, r))
                .thenComparing(ChainRecord::objectKey));
        Map<String, ChainRecord> trustedByHash = new LinkedHashMap<>();
        claimants.stream().filter(ChainRecord::trusted).forEach(r -> trustedByHash.putIfAbsent(r.sha256(), r));
        if (trustedByHash.size() > 1) {
            findings.failure(FindingType.FORK, seq, trustedByHash.size() + " different signed records of seq " + seq,
                    trustedByHash.values().stream().map(ChainRecord::objectKey).sorted().toArray(String[]::new));
        }
        return claimants.get(0);
    }

    private void checkLinks(Findings findings) {
        ChainRecord previous = null;
        for (ChainRecord r : bySeq.values()) {
            if (r.seq() == 0 && !r.manifest().prev().isEmpty()) {
                findings.failure(FindingType.CHAIN_BREAK, 0L, "record 0 has prev '" + r.manifest().prev()
                        + "' (expected: empty)", r.objectKey());
            } else if (previous != null && previous.seq() == r.seq() - 1
                    && !r.manifest().prev().equals(previous.sha256())) {
                findings.failure(FindingType.CHAIN_BREAK, r.seq(), "record " + r.seq() + " has prev "
                        + r.manifest().prev() + ", record " + previous.seq() + " hashes to " + previous.sha256(),
                        previous.objectKey(), r.objectKey());
            }
            previous = r;
        }
    }

    /** Where a record belongs: its segment's manifest key (in the node's layout), or the gap key of its seq. */
    static String expectedKey(ChainKeys keys, ChainRecord r) {
        return r.isGap() ? keys.gapKey(r.seq()) : keys.manifestKey(r.manifest().key());
    }

    private static boolean placed(ChainKeys keys, ChainRecord r) {
        return r.isGap() ? r.objectKey().endsWith(String.format("/%020d.manifest", r.seq()))
                : r.objectKey().equals(keys.manifestKey(r.manifest().key()));
    }

    /** The record of {@code seq}, or null. */
    ChainRecord at(long seq) {
        return bySeq.get(seq);
    }

    /** One more than the highest seq found; 0 for an empty chain. */
    long length() {
        return bySeq.isEmpty() ? 0 : bySeq.lastKey() + 1;
    }

    /** The records in seq order. */
    Collection<ChainRecord> records() {
        return bySeq.values();
    }

    /** The nearest segment record below {@code seq}, or null. */
    ChainRecord segmentBelow(long seq) {
        for (ChainRecord r : bySeq.headMap(seq, false).descendingMap().values()) {
            if (!r.isGap()) {
                return r;
            }
        }
        return null;
    }

    /** The nearest segment record above {@code seq}, or null. */
    ChainRecord segmentAbove(long seq) {
        for (ChainRecord r : bySeq.tailMap(seq, false).values()) {
            if (!r.isGap()) {
                return r;
            }
        }
        return null;
    }
}
