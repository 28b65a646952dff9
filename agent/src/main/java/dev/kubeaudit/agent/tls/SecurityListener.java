package dev.kubeaudit.agent.tls;

import java.time.Instant;

/**
 * What the webhook's security reports for metrics: each load of the files, and each changed file
 * set that could not be loaded (the previous material stays in use). Called from the reload
 * thread and at start: implementations must be thread-safe and quick.
 */
public interface SecurityListener {
    /** Does nothing. */
    SecurityListener NONE = new SecurityListener() {
    };

    /** New material is in use; {@code serverNotAfter} is the server certificate's expiry, or null without TLS. */
    default void loaded(Instant serverNotAfter) {
    }

    /** Changed files could not be loaded; the old material is kept. */
    default void reloadFailed(Exception e) {
    }
}
