package dev.kubeaudit.search.export;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import java.io.IOException;

/**
 * Where an export goes, {@code --to}: a folder ({@link FolderTarget}) or an S3 prefix
 * ({@link BucketTarget}). Each run is written below it under its {@link RunName}: DuckDB writes into
 * a local {@link Staging} folder, which is then published. Not thread-safe: one per export.
 */
public interface ExportTarget {

    /**
     * The target {@code destination} names: {@code file:DIR}, {@code DIR} or
     * {@code s3://BUCKET[/PREFIX]} (reached with {@code options}' endpoint, region and path style).
     *
     * @throws IllegalArgumentException for another scheme, or no bucket or folder
     */
    static ExportTarget of(String destination, ArchiveOptions options) {
        if (destination.startsWith("s3://")) {
            return BucketTarget.of(destination, options);
        }
        return new FolderTarget(Place.folder(destination));
    }

    /** {@code file:/abs/dir} or {@code s3://bucket/prefix}. */
    String describe();

    /** Its place, to compare with the archive's. */
    Place place() throws IOException;

    /**
     * A new, empty local folder for run {@code run}.
     *
     * @throws ExportRefused when the run's folder or prefix already holds something
     */
    Staging stage(RunName run) throws IOException, ExportRefused;
}
