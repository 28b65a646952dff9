package dev.kubeaudit.forward;

/**
 * Hooks a forwarder calls so that metrics and logs can follow it; the forwarder knows no metrics
 * library. Called from the forwarders' threads and (skipped) from the journal's consumer threads:
 * implementations must be thread-safe and quick.
 */
interface ForwardListener {
    /** {@code destination} acknowledged a batch of {@code events} events of {@code bytes} line bytes. */
    void sent(String destination, int events, long bytes);

    /** Sending a batch to {@code destination} failed; it is sent again after {@code retryInMillis}. */
    void failed(String destination, String reason, Exception e, long retryInMillis);

    /**
     * A skip-ahead passed the entry being sent to {@code destination}: its {@code events} events
     * ({@code bytes} line bytes) not acknowledged yet are given up and never sent (dropped, like
     * the skipped ones, which the journal counts).
     */
    void gaveUp(String destination, long events, long bytes);
}
