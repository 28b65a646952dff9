package dev.kubeaudit.agent.archive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a versioned store keeps under a prefix: the bucket's versioning status and Object Lock
 * configuration, and every version and delete marker, sorted by key and, within a key, newest
 * first (the latest one first). Immutable.
 */
public record Versions(Versioning versioning, BucketLock bucketLock, List<ObjectVersion> versions) {

    /** Bucket versioning: on, or suspended (the versions kept while it was on are still there). */
    public enum Versioning { ENABLED, SUSPENDED }

    public Versions {
        Objects.requireNonNull(versioning, "versioning");
        Objects.requireNonNull(bucketLock, "bucketLock");
        versions = List.copyOf(versions);
    }

    /** The versions of each key, keys in order, each list newest first. */
    public Map<String, List<ObjectVersion>> byKey() {
        Map<String, List<ObjectVersion>> out = new LinkedHashMap<>();
        for (ObjectVersion v : versions) {
            out.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v);
        }
        out.replaceAll((k, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(out);
    }
}
