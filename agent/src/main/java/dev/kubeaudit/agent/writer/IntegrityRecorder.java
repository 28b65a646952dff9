package dev.kubeaudit.agent.writer;

import dev.kubeaudit.agent.integrity.SegmentRange;
import java.io.IOException;

/**
 * What the log writer records for the archive's integrity, each as a durable step where it
 * happens (not a listener; a failure fails the step): the journal range of a backup, before the
 * backup may be compressed, announced final or shipped; and a lost journal tail, before writing
 * resumes. {@link #NONE} records nothing (integrity.enabled: false). Called on the writer thread.
 */
public interface IntegrityRecorder {
    IntegrityRecorder NONE = new IntegrityRecorder() {
        @Override
        public void backupRange(String backupFileName, SegmentRange range) {
        }

        @Override
        public void tailLost(long checkpointIndex, long journalLastIndex) {
        }
    };

    /**
     * The plain backup {@code backupFileName} holds lines of the batches {@code range} spans; durable
     * before it returns. Called again with the same values when a crash came before the checkpoint
     * recorded the backup. Not called for a backup without lines or with lines of unknown indexes.
     */
    void backupRange(String backupFileName, SegmentRange range) throws IOException;

    /**
     * The checkpoint named journal index {@code checkpointIndex}, past the journal's newest entry
     * {@code journalLastIndex} (-1: empty): the journal lost its tail. Durable before it returns.
     */
    void tailLost(long checkpointIndex, long journalLastIndex) throws IOException;
}
