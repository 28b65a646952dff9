package dev.kubeaudit.agent.journal;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A consumer of the journal besides the log writer (a forwarding destination), as registered when
 * the journal opens: its name, which keys its persisted position, and the bound of its backlog.
 * {@code maxBacklogBytes} bounds the item bytes appended after its position (0 = unbounded);
 * {@code maxBacklogAge} bounds how long its oldest unconsumed batch has waited since it was
 * accepted ({@link Duration#ZERO} = unbounded). {@link Overflow} says what happens past the bound.
 */
public record ConsumerSettings(String name, long maxBacklogBytes, Duration maxBacklogAge, Overflow onOverflow) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    /** What the journal does with a consumer whose backlog is past its bound. */
    public enum Overflow {
        /**
         * The consumer is declared behind and skipped ahead ({@link Journal#skipAhead}): it never
         * makes the journal refuse batches, and the journal's disk stays bounded.
         */
        SKIP,
        /**
         * The consumer is never skipped: the journal answers JOURNAL_FULL (429 to kube-apiserver)
         * while its backlog is past {@code journal.maxDiskBytes}, as for the log writer, or past its
         * own bound (the age as checked whenever the log writer's or its position moves). So a
         * stuck destination stops ingest: nothing is lost for it, but nothing new is accepted.
         */
        BLOCK
    }

    public ConsumerSettings {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("consumer name: '" + name
                    + "' (expected: 1-63 of letters, digits, '_', '.', '-', starting with a letter or digit)");
        }
        if (maxBacklogBytes < 0) {
            throw new IllegalArgumentException("consumer '" + name + "' maxBacklogBytes: " + maxBacklogBytes
                    + " (expected: >= 0)");
        }
        Objects.requireNonNull(maxBacklogAge, "maxBacklogAge");
        if (maxBacklogAge.isNegative()) {
            throw new IllegalArgumentException("consumer '" + name + "' maxBacklogAge: " + maxBacklogAge
                    + " (expected: >= 0)");
        }
        Objects.requireNonNull(onOverflow, "onOverflow");
    }

    /** An unbounded consumer that is skipped (never blocks): its backlog only grows until it consumes. */
    public static ConsumerSettings unbounded(String name) {
        return new ConsumerSettings(name, 0, Duration.ZERO, Overflow.SKIP);
    }

    boolean blocks() {
        return onOverflow == Overflow.BLOCK;
    }

    boolean bounded() {
        return maxBacklogBytes > 0 || !maxBacklogAge.isZero();
    }
}
