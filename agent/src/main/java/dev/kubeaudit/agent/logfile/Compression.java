package dev.kubeaudit.agent.logfile;

/** How rotated backups are compressed; each kind owns the suffix it appends to a backup's name. */
public enum Compression {
    /** Backups stay plain: {@code audit-<ts>.log}. */
    NONE(""),
    /** gzip via {@link java.util.zip}: {@code audit-<ts>.log.gz}. */
    GZIP(".gz"),
    /** Zstandard via zstd-jni: {@code audit-<ts>.log.zst}. */
    ZSTD(".zst");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** The suffix appended to a plain backup's name ({@code ""} for {@link #NONE}). */
    public String suffix() {
        return suffix;
    }
}
