package dev.kubeaudit.shipper.store;

import java.io.Closeable;

/**
 * Where segments are kept. {@link #put} stores a file under a key only when nothing is stored
 * there yet, and returns only once it has confirmed that the stored object holds exactly the
 * file's bytes (size and checksum); when an object already is there, it confirms that object the
 * same way and answers with {@link Receipt#alreadyStored()} — so a re-upload after a crash is
 * harmless and nothing is ever overwritten. Implementations are thread-safe.
 */
public interface ObjectStore extends Closeable {

    /** Stores {@code upload.file()} under {@code upload.key()}, confirmed as stored; see the class comment. */
    Receipt put(Upload upload) throws StoreException;

    /** Where objects go, for log lines: {@code s3://bucket} or {@code file:/dir}. */
    String describe();

    @Override
    void close();
}
