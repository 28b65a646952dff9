package dev.kubeaudit.shipper.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One segment to store: its object key, the local file, the digest of the file's bytes and the
 * segment's time (from its name; Object Lock retention counts from it).
 */
public record Upload(String key, Path file, SegmentDigest digest, Instant segmentTime) {
    public Upload {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(segmentTime, "segmentTime");
    }
}
