package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.integrity.ChainKeys;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Verifies an archive: every node asked for, or else every node found (a {@code <cluster>/<node>/}
 * prefix holding objects) plus every node the state remembers, one after the other, each read with
 * {@code options.parallel()} readers at once. Time comes from the injected clock. One run per
 * instance; not thread-safe.
 */
public final class Verifier {
    private final Archive archive;
    private final VerifyOptions options;
    private final Clock clock;

    public Verifier(Archive archive, VerifyOptions options, Clock clock) {
        this.archive = archive;
        this.options = options;
        this.clock = clock;
    }

    /** Verifies the archive against what {@code state} remembers; the report holds every finding. */
    public VerifyReport verify(VerifierState state) throws InterruptedException {
        Instant now = clock.instant();
        List<Finding> findings = new ArrayList<>();
        List<NodeSummary> summaries = new ArrayList<>();
        Map<String, VerifierState.Entry> newest = new HashMap<>();
        Map<String, List<ArchiveObject>> nodes = nodes(state, findings);
        try (ReadPool pool = new ReadPool(options.parallel())) {
            NodeVerifier verifier = new NodeVerifier(archive, pool, new KeyRing(options.keys()), options, now);
            for (Map.Entry<String, List<ArchiveObject>> e : nodes.entrySet()) {
                Optional<ChainKeys> keys = chainKeys(e.getKey());
                if (keys.isEmpty()) {
                    continue;
                }
                NodeVerifier.Result r = verifier.verify(NodeObjects.of(keys.get(), e.getValue()), state.get(e.getKey()));
                findings.addAll(r.findings());
                summaries.add(r.summary());
                if (r.newest() != null) {
                    newest.put(e.getKey(), r.newest());
                }
            }
        }
        return new VerifyReport(archive.describe(), now, findings, summaries, newest);
    }

    /** The objects of each node to verify, by node; a listing that fails is a finding. */
    private Map<String, List<ArchiveObject>> nodes(VerifierState state, List<Finding> findings) {
        Map<String, List<ArchiveObject>> out = new TreeMap<>();
        if (!options.nodes().isEmpty()) {
            for (String node : options.nodes()) {
                try {
                    out.put(node, archive.list(node + "/"));
                } catch (IOException e) {
                    findings.add(unreadable(node, e));
                }
            }
            return out;
        }
        List<ArchiveObject> all;
        try {
            all = archive.list("");
        } catch (IOException e) {
            findings.add(unreadable("", e));
            return out;
        }
        Set<String> names = new LinkedHashSet<>(state.nodes().keySet());
        for (ArchiveObject o : all) {
            String[] parts = o.key().split("/", 3);
            if (parts.length == 3) {
                names.add(parts[0] + "/" + parts[1]);
                out.computeIfAbsent(parts[0] + "/" + parts[1], k -> new ArrayList<>()).add(o);
            }
        }
        names.forEach(n -> out.putIfAbsent(n, List.of()));
        return out;
    }

    private static Finding unreadable(String node, IOException e) {
        return new Finding(FindingType.UNREADABLE, Severity.INCOMPLETE, node, null, List.of(),
                "listing failed: " + e.getMessage());
    }

    /** The chain keys of {@code cluster/node}, empty when it is no such name. */
    static Optional<ChainKeys> chainKeys(String node) {
        int slash = node.indexOf('/');
        if (slash <= 0 || slash != node.lastIndexOf('/')) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChainKeys(node.substring(0, slash), node.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
