package dev.kubeaudit.agent.lifecycle;

import java.io.IOException;

/**
 * A start-up step that failed, with the configuration key it started from ({@code listen.port},
 * {@code journal.dir}, {@code ship.destination}, …) and that key's value when it names the thing
 * that failed, so that the command line can say which setting to look at; the cause says what
 * failed. Immutable.
 */
public final class StartupException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    /**
     * @param value the key's value (an address, a path, a destination), or null when the cause names it
     * @param cause what failed; the message is the key, its value and the cause's messages on one line
     */
    public StartupException(String key, String value, Throwable cause) {
        this(key, value, (value == null ? key : key + " " + value) + ": " + summary(cause), cause);
    }

    /** With a message of its own, one line saying what failed and where. */
    public StartupException(String key, String value, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.value = value;
    }

    /**
     * {@code e}'s message on one line, followed by its innermost cause's when that one says more
     * (a wrapper's "Bind of … failed" gets its cause's "Address already in use").
     */
    public static String summary(Throwable e) {
        String outer = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable inner = e;
        for (int i = 0; i < 20 && inner.getCause() != null && inner.getCause() != inner; i++) {
            inner = inner.getCause();
        }
        String innermost = inner.getMessage();
        String text = inner == e || innermost == null || outer.contains(innermost) ? outer : outer + ": " + innermost;
        return text.replaceAll("\\s*\\R\\s*", "; ");
    }

    /** One step of a start-up, run by {@link #step}. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code step}; its failure becomes a StartupException naming {@code key} and {@code value},
     * unless it already is one (named by a step inside this one, which knows better).
     */
    public static <T> T step(String key, Object value, Step<T> step) throws IOException {
        try {
            return step.run();
        } catch (StartupException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new StartupException(key, value == null ? null : value.toString(), e);
        }
    }

    public String key() {
        return key;
    }

    /** The key's value, or null when the cause names what failed. */
    public String value() {
        return value;
    }
}
