package dev.kubeaudit.agent.policy;

import java.nio.file.Path;

/** Hooks for metrics and logs; the policy code knows no Micrometer. Implementations must be thread-safe. */
public interface PolicyListener {
    PolicyListener NONE = new PolicyListener() {
    };

    /** {@code events} events of a stored batch were dropped for {@code reason}. */
    default void filtered(EventEditor.Drop reason, int events) {
    }

    /** A policy with {@code rules} rules was loaded from {@code file} and is in force. */
    default void loaded(Path file, int rules) {
    }

    /** A changed policy file could not be used; the previous policy stays in force. */
    default void reloadFailed(Path file, String problems) {
    }
}
