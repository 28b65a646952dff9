package dev.kubeaudit.search.export;

import dev.kubeaudit.search.query.ParquetFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The local folder one run is written into, and how its files become the run's at the target.
 * {@link #close} deletes what is left of it locally (idempotent). Not thread-safe.
 */
public interface Staging extends Closeable {

    /** The empty folder to write into. */
    Path folder();

    /** Where the run goes: {@code file:/dest/export-…/} or {@code s3://bucket/prefix/export-…/}. */
    String describe();

    /**
     * Makes {@code files} (paths below {@link #folder}) the run's at the target, replacing nothing;
     * returns where each went, in the same order.
     */
    List<String> publish(List<ParquetFile> files) throws IOException;
}
