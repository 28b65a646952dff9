package dev.kubeaudit.search.query;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Parquet file a {@link ParquetCopy} wrote: its path below the folder written to, '/'
 * separated ({@code cluster=prod/dt=2026-05-01/data_0.parquet}), and its rows. Immutable.
 */
public record ParquetFile(String path, long rows) {
    public ParquetFile {
        Objects.requireNonNull(path, "path");
        boolean below = !path.contains("\\")
                && Arrays.stream(path.split("/", -1)).noneMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."));
        if (!below) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: a relative path below the folder)");
        }
    }
}
