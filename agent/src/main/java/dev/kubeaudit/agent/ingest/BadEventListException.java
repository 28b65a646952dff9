package dev.kubeaudit.agent.ingest;

/** A request body that is not an acceptable EventList; the message is the 400 answer's reason. */
public final class BadEventListException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadEventListException(String message) {
        super(message);
    }
}
