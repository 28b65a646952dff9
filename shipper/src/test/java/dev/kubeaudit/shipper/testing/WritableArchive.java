package dev.kubeaudit.shipper.testing;

import java.io.IOException;

/**
 * An archive as anyone with write access to its store can change it, keys relative to the archive
 * root: a folder ({@link WritableFolder}) or a bucket prefix through the S3 API
 * ({@link WritablePrefix}). Where the verifier opens it: {@link #location()}.
 */
public interface WritableArchive {

    /** The location {@code Archives.open} takes: {@code file:<dir>} or {@code s3://bucket/prefix}. */
    String location();

    byte[] read(String key) throws IOException;

    /** Creates or replaces the object. */
    void put(String key, byte[] bytes) throws IOException;

    void delete(String key) throws IOException;

    /** The object under another key: put there, deleted here. */
    default void move(String from, String to) throws IOException {
        put(to, read(from));
        delete(from);
    }
}
