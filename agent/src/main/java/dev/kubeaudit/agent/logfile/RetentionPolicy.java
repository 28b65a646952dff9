package dev.kubeaudit.agent.logfile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which backups retention removes, as lumberjack decides it: keep the newest {@code maxBackups}
 * backups by name timestamp (a plain backup and its compressed twin count once), then remove any
 * whose name timestamp is more than {@code maxAgeDays} × 24 h before now; 0 means no limit for
 * either. Pure: no I/O, no clock. Thread-safe (immutable).
 */
public record RetentionPolicy(int maxBackups, int maxAgeDays) {

    public RetentionPolicy {
        if (maxBackups < 0) {
            throw new IllegalArgumentException("maxBackups: " + maxBackups + " (expected: >= 0)");
        }
        if (maxAgeDays < 0) {
            throw new IllegalArgumentException("maxAgeDays: " + maxAgeDays + " (expected: >= 0)");
        }
    }

    /** Whether this policy can ever remove anything. */
    public boolean limited() {
        return maxBackups > 0 || maxAgeDays > 0;
    }

    /** The backups retention wants gone and {@code mayDelete} allows, newest first. */
    public List<Backup> toDelete(List<Backup> newestFirst, Instant now, Predicate<Path> mayDelete) {
        List<Backup> deletable = new ArrayList<>();
        for (Backup b : expired(newestFirst, now)) {
            if (mayDelete.test(b.path())) {
                deletable.add(b);
            }
        }
        return deletable;
    }

    /** The backups retention wants gone, whatever any deletion predicate says, newest first. */
    public List<Backup> expired(List<Backup> newestFirst, Instant now) {
        List<Backup> sorted = new ArrayList<>(newestFirst);
        sorted.sort(Comparator.comparing(Backup::time).reversed());
        Instant cutoff = now.minus(Duration.ofDays(maxAgeDays));
        Set<Instant> generations = new HashSet<>();
        List<Backup> expired = new ArrayList<>();
        for (Backup b : sorted) {
            generations.add(b.time());
            boolean tooMany = maxBackups > 0 && generations.size() > maxBackups;
            boolean tooOld = maxAgeDays > 0 && b.time().isBefore(cutoff);
            if (tooMany || tooOld) {
                expired.add(b);
            }
        }
        return expired;
    }
}
