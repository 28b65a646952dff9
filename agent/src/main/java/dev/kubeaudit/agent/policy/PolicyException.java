package dev.kubeaudit.agent.policy;

import java.util.List;

/** A policy file cannot be used; the message lists every error as {@code FILE:LINE:COLUMN: error: …}. Immutable. */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    static PolicyException of(String file, List<Finding> errors) {
        StringBuilder text = new StringBuilder();
        for (Finding f : errors) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(f.format(file));
        }
        return new PolicyException(text.toString());
    }
}
