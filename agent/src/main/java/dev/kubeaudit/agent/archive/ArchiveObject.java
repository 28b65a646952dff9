package dev.kubeaudit.agent.archive;

import java.time.Instant;
import java.util.Objects;

/** One object of an archive: its key relative to the archive root ('/' separated), size in bytes, last change. Immutable. */
public record ArchiveObject(String key, long size, Instant lastModified) {

    public ArchiveObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
    }
}
