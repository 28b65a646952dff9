package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.MerkleFrontier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Holds a node's trusted checkpoints against each other, against the chain and against the state
 * remembered from the last clean run: checkpoints of one size with different roots and roots the
 * records do not give ({@code FORK}; all roots in one pass over the chain with a
 * {@link MerkleFrontier}), checkpoints dated in the future ({@code CLOCK_SKEW}), a newest one older
 * than the staleness bound ({@code STALE_TAIL}), records no checkpoint covers yet (a
 * {@code STALE_TAIL} warning each), and a newest checkpoint older or smaller than an earlier one or
 * than the remembered one ({@code ROLLBACK}). Stateless.
 */
final class CheckpointCheck {
    private static final Comparator<CheckpointEntry> NEWEST_LAST = Comparator.comparing(CheckpointEntry::time)
            .thenComparingLong(CheckpointEntry::size).thenComparing(CheckpointEntry::key);

    private CheckpointCheck() {
    }

    /** What the checkpoints say: the newest usable one (null: none) and the largest trusted size. */
    record Outcome(CheckpointEntry newest, long coveredSize) {
    }

    static Outcome check(Chain chain, List<CheckpointEntry> entries, VerifierState.Entry remembered, Instant now,
                         VerifyOptions options, Findings findings) {
        List<CheckpointEntry> trusted = entries.stream().filter(CheckpointEntry::trusted).sorted(NEWEST_LAST).toList();
        List<CheckpointEntry> usable = new ArrayList<>();
        for (CheckpointEntry c : trusted) {
            if (c.time().isAfter(now.plus(options.maxClockSkew()))) {
                findings.warning(FindingType.CLOCK_SKEW, null, "checkpoint of size " + c.size() + " is dated "
                        + c.time() + ", after now (" + now + ") plus " + options.maxClockSkew()
                        + ": not used for freshness", c.key());
            } else {
                usable.add(c);
            }
        }
        forksBySize(trusted, findings);
        RootCheck.compare(chain, trusted, remembered, findings);
        CheckpointEntry newest = usable.isEmpty() ? null : usable.get(usable.size() - 1);
        long covered = usable.stream().mapToLong(CheckpointEntry::size).max().orElse(0);
        freshness(chain, !entries.isEmpty(), newest, covered, now, options.maxStaleness(), findings);
        rollbacks(usable, findings);
        if (remembered != null) {
            againstState(newest, remembered, findings);
        }
        return new Outcome(newest, covered);
    }

    private static void forksBySize(List<CheckpointEntry> trusted, Findings findings) {
        Map<Long, Map<String, List<String>>> bySize = new TreeMap<>();
        for (CheckpointEntry c : trusted) {
            bySize.computeIfAbsent(c.size(), s -> new TreeMap<>())
                    .computeIfAbsent(b64(c.checkpoint().root()), r -> new ArrayList<>()).add(c.key());
        }
        bySize.forEach((size, roots) -> {
            if (roots.size() > 1) {
                findings.failure(FindingType.FORK, null, roots.size() + " different roots for tree size " + size + ": "
                        + String.join(", ", roots.keySet()),
                        roots.values().stream().flatMap(List::stream).sorted().toArray(String[]::new));
            }
        });
    }

    private static void freshness(Chain chain, boolean anyCheckpoint, CheckpointEntry newest, long covered,
                                  Instant now, Duration max, Findings findings) {
        if (newest == null) {
            if (chain.length() > 0 || anyCheckpoint) {
                findings.incomplete(FindingType.STALE_TAIL, null, "no valid checkpoint: nothing shows how recent the"
                        + " archive is");
            }
            return;
        }
        Duration age = Duration.between(newest.time(), now);
        if (age.compareTo(max) > 0) {
            findings.incomplete(FindingType.STALE_TAIL, null, "newest valid checkpoint (size " + newest.size() + ") is"
                    + " from " + newest.time() + ", " + Durations.text(age) + " ago (allowed: " + Durations.text(max)
                    + ")", newest.key());
        }
        for (ChainRecord r : chain.records()) {
            if (r.seq() >= covered) {
                findings.warning(FindingType.STALE_TAIL, r.seq(), "record " + r.seq() + " sealed " + r.manifest().sealed()
                        + " is covered by no checkpoint yet (newest: size " + newest.size() + " at " + newest.time()
                        + ")", r.objectKey());
            }
        }
    }

    private static void rollbacks(List<CheckpointEntry> byTime, Findings findings) {
        CheckpointEntry largest = null;
        for (CheckpointEntry c : byTime) {
            if (largest != null && c.size() < largest.size() && c.time().isAfter(largest.time())) {
                findings.failure(FindingType.ROLLBACK, null, "checkpoint of size " + c.size() + " at " + c.time()
                        + " is smaller than the earlier one of size " + largest.size() + " at " + largest.time(),
                        largest.key(), c.key());
            }
            if (largest == null || c.size() > largest.size()) {
                largest = c;
            }
        }
    }

    private static void againstState(CheckpointEntry newest, VerifierState.Entry remembered, Findings findings) {
        String was = "the state file remembers size " + remembered.size() + " at " + remembered.time();
        if (newest == null) {
            findings.failure(FindingType.ROLLBACK, null, "no valid checkpoint, but " + was);
        } else if (newest.size() < remembered.size() || newest.time().isBefore(remembered.time())) {
            findings.failure(FindingType.ROLLBACK, null, "newest checkpoint is size " + newest.size() + " at "
                    + newest.time() + ", but " + was, newest.key());
        } else if (newest.size() == remembered.size()
                && !Arrays.equals(newest.checkpoint().root(), remembered.root())) {
            findings.failure(FindingType.FORK, null, "newest checkpoint has root " + b64(newest.checkpoint().root())
                    + ", but " + was + " with root " + b64(remembered.root()), newest.key());
        }
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
