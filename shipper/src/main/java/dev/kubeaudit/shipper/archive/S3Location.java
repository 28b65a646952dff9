package dev.kubeaudit.shipper.archive;

import dev.kubeaudit.shipper.store.Destination;
import java.io.IOException;
import java.util.Objects;

/**
 * Where an archive is in S3: the bucket and the key prefix of the destination ("" or ending in
 * '/'), which archive keys leave out. Pure; immutable.
 */
record S3Location(String bucket, String prefix) {

    S3Location {
        Objects.requireNonNull(prefix, "prefix");
        if (bucket == null || bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("bucket: '" + bucket + "' (expected: a bucket name)");
        }
    }

    /** {@code s3://<bucket>[/<prefix>]}, the prefix with its slashes stripped like the shipper's object keys. */
    static S3Location parse(String location) {
        if (!location.startsWith("s3://")) {
            throw new IllegalArgumentException("location: '" + location + "' (expected: s3://<bucket>[/<prefix>])");
        }
        Destination destination = Destination.parse(location);
        String prefix = destination.prefix();
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return new S3Location(destination.location(), prefix.isEmpty() ? "" : prefix + "/");
    }

    /** The S3 key of archive key {@code key}. */
    String s3Key(String key) {
        return prefix + key;
    }

    /** The archive key of S3 key {@code s3Key}, which a listing under the prefix returned. */
    String key(String s3Key) throws IOException {
        if (!s3Key.startsWith(prefix)) {
            throw new IOException("Listing of " + this + " returned key '" + s3Key + "' outside its prefix");
        }
        return s3Key.substring(prefix.length());
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }
}
