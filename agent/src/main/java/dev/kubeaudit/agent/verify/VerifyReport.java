package dev.kubeaudit.agent.verify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a run: where, when, every finding (by node, then seq), a summary per node, and
 * the newest checkpoint of each node for the state file. Exit status: 1 when any finding is a
 * failure, else 2 when any is incomplete, else 0. Immutable.
 */
public record VerifyReport(String archive, Instant verifiedAt, List<Finding> findings, List<NodeSummary> nodes,
                           Map<String, VerifierState.Entry> newest) {

    public VerifyReport {
        findings = List.copyOf(findings);
        nodes = List.copyOf(nodes);
        newest = Map.copyOf(newest);
    }

    public int exitCode() {
        if (count(Severity.FAILURE) > 0) {
            return Severity.FAILURE.exitCode();
        }
        return count(Severity.INCOMPLETE) > 0 ? Severity.INCOMPLETE.exitCode() : 0;
    }

    /** {@code clean}, {@code failure} or {@code incomplete}. */
    public String result() {
        return switch (exitCode()) {
            case 0 -> "clean";
            case 1 -> "failure";
            default -> "incomplete";
        };
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** The findings of {@code type}. */
    public List<Finding> of(FindingType type) {
        return findings.stream().filter(f -> f.type() == type).toList();
    }
}
