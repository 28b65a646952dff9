package dev.kubeaudit.agent.logfile;

import java.nio.file.Path;

/**
 * Passes every {@link LogFileListener} call on to a delegate; subclasses override the calls they
 * add to. Thread-safe if the delegate is.
 */
public class ForwardingLogFileListener implements LogFileListener {
    private final LogFileListener delegate;

    public ForwardingLogFileListener(LogFileListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void rotated(Path backup) {
        delegate.rotated(backup);
    }

    @Override
    public void segmentFinal(Path segment) {
        delegate.segmentFinal(segment);
    }

    @Override
    public void oversizeLine(long bytes) {
        delegate.oversizeLine(bytes);
    }

    @Override
    public void deleted(Path backup) {
        delegate.deleted(backup);
    }

    @Override
    public void retentionHeld(Path backup) {
        delegate.retentionHeld(backup);
    }

    @Override
    public void backgroundFailure(String operation, Path path, Exception e) {
        delegate.backgroundFailure(operation, path, e);
    }
}
