package dev.kubeaudit.agent.journal;

/**
 * What one skip-ahead of a consumer passed over and counts: whole batches, {@code events} events of
 * {@code bytes} item bytes, not counting batches the consumer had read and not committed (it
 * delivers those, or counts what it gives up of them).
 */
public record Skipped(long events, long bytes) {
    public static final Skipped NONE = new Skipped(0, 0);

    public boolean none() {
        return events == 0 && bytes == 0;
    }
}
