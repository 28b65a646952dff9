package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.integrity.ChainKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Names every seq below the chain's end (its highest record, or the largest trusted checkpoint or
 * remembered state, whichever is larger) that has no record, one {@code MISSING} finding each.
 * Objects no record names are matched to them: when a run of missing seqs lies between two
 * segment records and exactly as many unnamed objects sort between those records' keys, each is
 * taken to be a missing record's segment (its manifest gone); otherwise they are listed with the
 * run. What is left over is {@code INJECTED}, except objects after the chain's last segment
 * written within the staleness bound (a warning: their manifests may be on their way). Stateless.
 */
final class MissingRecords {
    /** A run longer than this is one finding, not one per seq (a record claiming an absurd seq). */
    static final long MAX_LISTED_RUN = 1_000_000;

    private MissingRecords() {
    }

    static void report(Chain chain, long end, NodeObjects objects, TreeSet<String> unnamed, Instant now,
                       Duration recent, Findings findings) {
        long seq = 0;
        while (seq < end) {
            if (chain.at(seq) != null) {
                seq++;
                continue;
            }
            long first = seq;
            while (seq < end && chain.at(seq) == null) {
                seq++;
            }
            run(objects.keys(), chain, first, seq - 1, unnamed, findings);
        }
        ChainRecord last = chain.segmentBelow(Long.MAX_VALUE);
        for (String key : unnamed) {
            ArchiveObject o = objects.others().get(key);
            boolean afterChain = last == null || key.compareTo(last.manifest().key()) > 0;
            if (afterChain && o != null && !o.lastModified().isBefore(now.minus(recent))) {
                findings.warning(FindingType.STALE_TAIL, null, "an object after the newest record, written "
                        + o.lastModified() + ": no manifest names it yet", key);
            } else {
                findings.failure(FindingType.INJECTED, null, "no record names this object", key);
            }
        }
    }

    private static void run(ChainKeys chainKeys, Chain chain, long first, long last, TreeSet<String> unnamed,
                            Findings findings) {
        ChainRecord below = chain.segmentBelow(first);
        ChainRecord above = chain.segmentAbove(last);
        NavigableSet<String> between = unnamed;
        if (below != null) {
            between = between.tailSet(below.manifest().key(), false);
        }
        if (above != null) {
            between = between.headSet(above.manifest().key(), false);
        }
        List<String> candidates = new ArrayList<>(between);
        candidates.forEach(unnamed::remove);
        long count = last - first + 1;
        if (candidates.size() == count) {
            for (int i = 0; i < count; i++) {
                String segment = candidates.get(i);
                findings.failure(FindingType.MISSING, first + i, "no record " + (first + i) + "; its segment '"
                        + segment + "' is there without its manifest", chainKeys.manifestKey(segment), segment);
            }
            return;
        }
        List<String> keys = new ArrayList<>();
        ChainRecord before = chain.at(first - 1);
        ChainRecord after = chain.at(last + 1);
        if (before != null) {
            keys.add(before.objectKey());
        }
        if (after != null) {
            keys.add(after.objectKey());
        }
        keys.addAll(candidates);
        String where = (before == null ? "" : " after '" + before.objectKey() + "'")
                + (after == null ? "" : " before '" + after.objectKey() + "'")
                + (candidates.isEmpty() ? "" : "; unnamed objects there: " + candidates.size());
        if (count > MAX_LISTED_RUN) {
            findings.add(FindingType.MISSING, Severity.FAILURE, first, "no records " + first + ".." + last + " ("
                    + count + ")" + where, keys);
            return;
        }
        for (long s = first; s <= last; s++) {
            findings.add(FindingType.MISSING, Severity.FAILURE, s, "no record " + s + where, keys);
        }
    }
}
