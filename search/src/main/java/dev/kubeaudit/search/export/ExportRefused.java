package dev.kubeaudit.search.export;

/**
 * An export refused before anything was written: its destination and the archive overlap, or the
 * run's folder is taken. The message names the places concerned.
 */
public final class ExportRefused extends Exception {
    private static final long serialVersionUID = 1L;

    public ExportRefused(String message) {
        super(message);
    }
}
