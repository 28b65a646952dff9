package dev.kubeaudit.agent.verify;

import java.util.List;
import java.util.Objects;

/**
 * One thing verification found: what, how bad, on which node ({@code cluster/node}; "" for the
 * store as a whole), at which record ({@code seq}, null when it concerns no single record), the
 * exact object keys involved (relative to the archive root) and a sentence saying it. Immutable.
 */
public record Finding(FindingType type, Severity severity, String node, Long seq, List<String> keys, String message) {

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(message, "message");
        keys = List.copyOf(keys);
    }
}
