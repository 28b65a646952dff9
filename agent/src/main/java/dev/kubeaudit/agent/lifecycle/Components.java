package dev.kubeaudit.agent.lifecycle;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The started components of one agent, in start order; {@link #close()} stops them in reverse.
 * A component that is still running after its stop ({@link StillRunningException}) may still use
 * the ones started before it, so those are left open (logged); any other stop failure is logged
 * and the rest are stopped. Thread-safe; close is idempotent.
 */
public final class Components implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Components.class);

    private record Entry(String name, Closeable stop) {
    }

    private final Deque<Entry> started = new ArrayDeque<>();

    /** Records a started component and how to stop it; returns {@code component}. */
    public synchronized <T> T started(String name, T component, Closeable stop) {
        started.push(new Entry(name, stop));
        return component;
    }

    /** Records a started component that stops by its own {@code close()}; returns it. */
    public <T extends Closeable> T started(String name, T component) {
        return started(name, component, component);
    }

    /** Stops every component, newest first. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            Entry e = started.pop();
            try {
                e.stop().close();
            } catch (StillRunningException ex) {
                LOG.error("Component '{}' did not stop ({}); the {} components it may still use are left open: {}",
                        e.name(), ex.getMessage(), started.size(), started.stream().map(Entry::name).toList());
                started.clear();
            } catch (IOException | RuntimeException ex) {
                LOG.warn("Stop of component '{}' failed: {}", e.name(), ex.toString());
            }
        }
    }

    /** Thrown by a stop that ended with the component's thread still running. */
    public static final class StillRunningException extends IOException {
        public StillRunningException(String message) {
            super(message);
        }
    }
}
