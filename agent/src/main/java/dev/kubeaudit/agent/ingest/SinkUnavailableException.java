package dev.kubeaudit.agent.ingest;

/**
 * The sink cannot take batches now: it is stopping, or it failed and the agent is about to exit
 * and be restarted. Answered 503 with Retry-After, so kube-apiserver sends the batch again.
 */
public final class SinkUnavailableException extends IllegalStateException {
    public SinkUnavailableException(String message) {
        super(message);
    }

    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
