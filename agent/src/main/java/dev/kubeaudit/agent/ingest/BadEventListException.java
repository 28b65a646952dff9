package dev.kubeaudit.agent.ingest;

/**
 * A request body that is not an acceptable EventList; the message is the answer's reason, and
 * {@link #limit()} names the {@link IngestLimits} label when a limit refused it (else null).
 */
public final class BadEventListException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String limit;

    public BadEventListException(String message) {
        this(message, null);
    }

    public BadEventListException(String message, String limit) {
        super(message);
        this.limit = limit;
    }

    public String limit() {
        return limit;
    }
}
