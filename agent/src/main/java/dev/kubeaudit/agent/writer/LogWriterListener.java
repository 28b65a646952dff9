package dev.kubeaudit.agent.writer;

/** What the log writer reports; metrics bind to it. Called on the writer thread. */
public interface LogWriterListener {
    LogWriterListener NONE = new LogWriterListener() { };

    /** {@code events} lines of {@code bytes} bytes reached audit.log (buffered or flushed). */
    default void written(int events, long bytes) {
    }

    /** A checkpoint was made durable. */
    default void checkpointed(Checkpoint checkpoint) {
    }

    /** Start-up found {@code lines} lines after the checkpoint already in place and kept them; {@code cutBytes} were cut. */
    default void recovered(long lines, long cutBytes) {
    }

    /**
     * The checkpoint named journal index {@code checkpointIndex}, past the journal's newest entry
     * {@code journalLastIndex}: the journal lost its tail (power loss); writing resumes after its end.
     */
    default void tailLost(long checkpointIndex, long journalLastIndex) {
    }

    /** The writer failed and will recover from its checkpoint and retry. */
    default void failure(Exception e) {
    }
}
