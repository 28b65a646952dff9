package dev.kubeaudit.agent.logfile;

import java.nio.file.Path;

/**
 * Hooks of {@link RotatingLogFile}, for checkpoints, metrics and shipping. Callbacks marked
 * "writing thread" run synchronously inside the call that caused them; the others run on the log
 * file's single background thread, one at a time. An exception thrown by a background callback is
 * logged, never propagated to the writer.
 */
public interface LogFileListener {
    /**
     * Writing thread, synchronously: the active file was renamed to {@code backup} and a new empty
     * active file exists (directory synced). Compression of {@code backup} is queued only after
     * this returns, so the caller can record a checkpoint naming the plain backup here. If this
     * throws, the exception propagates out of the write or tick that rotated and the backup stays
     * plain until the next open resumes it.
     */
    default void rotated(Path backup) {
    }

    /**
     * Background: {@code segment} is final and will not change again (the compressed file when
     * compression is on, the plain backup otherwise). May fire more than once for the same segment
     * when interrupted work is resumed after a restart.
     */
    default void segmentFinal(Path segment) {
    }

    /** Writing thread: a line longer than maxBytes was written alone into its own file. */
    default void oversizeLine(long bytes) {
    }

    /** Background: retention deleted {@code backup}. */
    default void deleted(Path backup) {
    }

    /** Background: retention wanted to delete {@code backup} but the deletion predicate refused. */
    default void retentionHeld(Path backup) {
    }

    /** Background: {@code operation} on {@code path} failed; it is retried at the next tick or rotation. */
    default void backgroundFailure(String operation, Path path, Exception e) {
    }

    /** Does nothing. */
    LogFileListener NONE = new LogFileListener() {
    };
}
