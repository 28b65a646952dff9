package dev.kubeaudit.shipper.it;

import dev.kubeaudit.agent.verify.Finding;
import dev.kubeaudit.agent.verify.FindingType;
import dev.kubeaudit.agent.verify.Severity;
import dev.kubeaudit.agent.verify.VerifierState;
import dev.kubeaudit.agent.verify.VerifyOptions;
import dev.kubeaudit.agent.verify.VerifyReport;
import dev.kubeaudit.shipper.testing.ArchiveIndex;
import dev.kubeaudit.shipper.testing.ArchiveIndex.CheckpointObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The findings one verification of a (tampered) archive must give, exactly, as docs/verify.md
 * states them: what the tampering itself causes ({@link #add}), plus what follows from the archive
 * as it is left, which this model derives the way the document states it: a {@code DECLARED_GAP}
 * warning per gap record still there (under the key it is found at), and per node the freshness
 * of its newest trusted checkpoint ({@code STALE_TAIL}: incomplete when none or too old, a warning
 * per record no trusted checkpoint covers). Tamperings tell it which records and checkpoints they
 * removed or made untrusted. Also holds how to verify: at which time, which nodes, with which
 * state. Findings are compared as {@code TYPE severity node seq=N [keys]}. Not thread-safe.
 */
final class Expected {
    /** The verifier's default allowance for a checkpoint dated in the future. */
    private static final Duration SKEW = VerifyOptions.DEFAULT_MAX_CLOCK_SKEW;

    /** A node as the tampering left it. */
    private static final class NodeView {
        final TreeMap<Long, String> records = new TreeMap<>();
        final Set<Long> gaps = new HashSet<>();
        final List<CheckpointObject> trusted = new ArrayList<>();
        boolean anyCheckpoint;
    }

    private final Map<String, NodeView> nodes = new TreeMap<>();
    private final List<String> specific = new ArrayList<>();
    private final Duration maxStaleness;
    private Instant now;
    private List<String> only = List.of();
    private VerifierState state = VerifierState.EMPTY;

    Expected(ArchiveIndex clean, Instant now, Duration maxStaleness) {
        this.now = now;
        this.maxStaleness = maxStaleness;
        clean.nodes().forEach((name, chain) -> {
            NodeView v = new NodeView();
            chain.records().forEach(r -> {
                v.records.put(r.seq(), r.objectKey());
                if (r.isGap()) {
                    v.gaps.add(r.seq());
                }
            });
            v.trusted.addAll(chain.checkpoints());
            v.anyCheckpoint = !chain.checkpoints().isEmpty();
            nodes.put(name, v);
        });
    }

    /** A finding the tampering causes. */
    Expected add(FindingType type, Severity severity, String node, Long seq, List<String> keys) {
        specific.add(brief(type, severity, node, seq, keys));
        return this;
    }

    Expected failure(FindingType type, String node, Long seq, String... keys) {
        return add(type, Severity.FAILURE, node, seq, List.of(keys));
    }

    /** Record {@code seq} of {@code node} is gone from the archive. */
    Expected recordRemoved(String node, long seq) {
        view(node).records.remove(seq);
        view(node).gaps.remove(seq);
        return this;
    }

    /** Every object of {@code node} is gone. */
    Expected nodeEmptied(String node) {
        NodeView v = view(node);
        v.records.clear();
        v.gaps.clear();
        v.trusted.clear();
        v.anyCheckpoint = false;
        return this;
    }

    /** Record {@code seq} of {@code node} now lies at {@code key}. */
    Expected recordAt(String node, long seq, String key) {
        view(node).records.put(seq, key);
        return this;
    }

    /** The checkpoint at {@code key} is gone, or no longer trusted. */
    Expected checkpointUntrusted(String node, String key) {
        view(node).trusted.removeIf(c -> c.key().equals(key));
        return this;
    }

    /** A checkpoint the tampering added that the verifier trusts. */
    Expected checkpointTrusted(String node, CheckpointObject c) {
        view(node).trusted.add(c);
        return this;
    }

    /** Verify at {@code time} instead of when the archive was produced. */
    Expected at(Instant time) {
        this.now = time;
        return this;
    }

    /** Verify only {@code node}. */
    Expected onlyNode(String node) {
        this.only = List.of(node);
        return this;
    }

    /** Verify against {@code remembered}. */
    Expected withState(VerifierState remembered) {
        this.state = remembered;
        return this;
    }

    Instant now() {
        return now;
    }

    List<String> nodes() {
        return only;
    }

    VerifierState state() {
        return state;
    }

    /** The newest trusted checkpoint of {@code node} as left. */
    CheckpointObject newestTrusted(String node) {
        return view(node).trusted.stream().max(CheckpointObject.OLDEST_FIRST).orElseThrow();
    }

    /** Every finding the verification must give, sorted. */
    List<String> findings() {
        List<String> all = new ArrayList<>(specific);
        nodes.forEach((name, v) -> {
            if (!only.isEmpty() && !only.contains(name)) {
                return;
            }
            v.gaps.forEach(seq -> all.add(brief(FindingType.DECLARED_GAP, Severity.WARNING, name, seq,
                    List.of(v.records.get(seq)))));
            freshness(name, v, all);
        });
        all.sort(Comparator.naturalOrder());
        return all;
    }

    /** The exit status the findings give: 1 with a failure, else 2 with an incomplete one, else 0. */
    int exitCode() {
        List<String> severities = findings().stream().map(f -> f.split(" ")[1]).toList();
        if (severities.contains(Severity.FAILURE.label())) {
            return Severity.FAILURE.exitCode();
        }
        return severities.contains(Severity.INCOMPLETE.label()) ? Severity.INCOMPLETE.exitCode() : 0;
    }

    private void freshness(String name, NodeView v, List<String> out) {
        List<CheckpointObject> usable = v.trusted.stream().filter(c -> !c.time().isAfter(now.plus(SKEW))).toList();
        CheckpointObject newest = usable.stream().max(CheckpointObject.OLDEST_FIRST).orElse(null);
        if (newest == null) {
            if (!v.records.isEmpty() || v.anyCheckpoint) {
                out.add(brief(FindingType.STALE_TAIL, Severity.INCOMPLETE, name, null, List.of()));
            }
            return;
        }
        if (Duration.between(newest.time(), now).compareTo(maxStaleness) > 0) {
            out.add(brief(FindingType.STALE_TAIL, Severity.INCOMPLETE, name, null, List.of(newest.key())));
        }
        long covered = usable.stream().mapToLong(CheckpointObject::size).max().orElse(0);
        v.records.tailMap(covered).forEach((seq, key) -> out.add(brief(FindingType.STALE_TAIL, Severity.WARNING,
                name, seq, List.of(key))));
    }

    private NodeView view(String node) {
        NodeView v = nodes.get(node);
        if (v == null) {
            throw new IllegalArgumentException("node: " + node + " (expected one of " + nodes.keySet() + ")");
        }
        return v;
    }

    /** The findings of {@code report}, sorted, in the form {@link #findings()} has. */
    static List<String> of(VerifyReport report) {
        return report.findings().stream().map(Expected::brief).sorted().toList();
    }

    static String brief(Finding f) {
        return brief(f.type(), f.severity(), f.node(), f.seq(), f.keys());
    }

    static String brief(FindingType type, Severity severity, String node, Long seq, List<String> keys) {
        return type + " " + severity.label() + " " + node + " seq=" + seq + " [" + String.join(", ", keys) + "]";
    }

    /** The whole report as text, for assertion messages. */
    static String text(VerifyReport report) {
        return report.findings().stream().map(f -> brief(f) + ": " + f.message()).collect(Collectors.joining("\n"));
    }
}
