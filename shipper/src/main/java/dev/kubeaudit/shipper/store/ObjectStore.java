package dev.kubeaudit.shipper.store;

import java.io.Closeable;

/**
 * Where segments are kept. {@link #put} stores a file under a key only when nothing is stored
 * there yet; when an object already is, it confirms that object holds the same bytes (size and
 * checksum) and answers with {@link Receipt#alreadyStored()} — so a re-upload after a crash is
 * harmless and nothing is ever overwritten. Implementations are thread-safe.
 */
public interface ObjectStore extends Closeable {

    /** Stores {@code upload.file()} under {@code upload.key()}, verified by the store; see the class comment. */
    Receipt put(Upload upload) throws StoreException;

    /** Where objects go, for log lines: {@code s3://bucket} or {@code file:/dir}. */
    String describe();

    @Override
    void close();
}
