package dev.kubeaudit.agent.archive;

import java.time.Period;
import java.util.Objects;

/**
 * A bucket's Object Lock configuration (S3 GetObjectLockConfiguration): {@code NONE} (the store
 * says it has none), {@code ENABLED} with the default retention new versions get (mode and period
 * null when there is no default rule), or {@code UNKNOWN} with the reason (access denied, a store
 * that does not implement it). Immutable.
 */
public record BucketLock(State state, Lock.Mode defaultMode, Period defaultRetention, String unknownReason) {

    public enum State { NONE, ENABLED, UNKNOWN }

    public static final BucketLock NONE = new BucketLock(State.NONE, null, null, null);

    public BucketLock {
        Objects.requireNonNull(state, "state");
        if ((state == State.UNKNOWN) != (unknownReason != null)) {
            throw new IllegalArgumentException("unknownReason: " + unknownReason + " (expected: a reason exactly when"
                    + " the state is UNKNOWN, state: " + state + ")");
        }
        if (state != State.ENABLED && (defaultMode != null || defaultRetention != null)) {
            throw new IllegalArgumentException("defaultMode: " + defaultMode + " (expected: none with state " + state + ")");
        }
    }

    /** Object Lock on, new versions retained {@code retention} in {@code mode} (both null: no default). */
    public static BucketLock enabled(Lock.Mode mode, Period retention) {
        return new BucketLock(State.ENABLED, mode, retention, null);
    }

    /** The configuration could not be read, for {@code reason}. */
    public static BucketLock unknown(String reason) {
        return new BucketLock(State.UNKNOWN, null, null, reason);
    }
}
