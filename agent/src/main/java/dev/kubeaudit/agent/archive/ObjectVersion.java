package dev.kubeaudit.agent.archive;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a key, or a delete marker (which hides the versions below it from listings and
 * reads but removes none). Key relative to the archive root; {@code versionId} as the store names
 * it ("null" for a version written before versioning was enabled); {@code latest} for the current
 * one of its key. {@code lock} is null for a delete marker (it has no lock; S3 answers 405 to its
 * HEAD). Immutable.
 */
public record ObjectVersion(String key, String versionId, boolean latest, boolean deleteMarker, long size,
                            Instant lastModified, Lock lock) {

    public ObjectVersion {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(lastModified, "lastModified");
        if (deleteMarker != (lock == null)) {
            throw new IllegalArgumentException("lock: " + lock + " (expected: null exactly for a delete marker, deleteMarker: "
                    + deleteMarker + ")");
        }
    }
}
