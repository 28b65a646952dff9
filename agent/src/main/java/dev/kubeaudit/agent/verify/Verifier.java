package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.integrity.ChainKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies an archive: every node asked for, or else every node found plus every node the state
 * remembers ({@link NodeListing}), one after the other, each read with {@code options.parallel()}
 * readers at once. Time comes from the injected clock. Not thread-safe; one run at a time.
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
        Map<ChainKeys, NodeObjects> nodes = NodeListing.list(archive, options.nodes(), state.nodes().keySet(), findings);
        try (ReadPool pool = new ReadPool(options.parallel())) {
            NodeVerifier verifier = new NodeVerifier(archive, pool, new KeyRing(options.keys()), options, now);
            for (NodeObjects objects : nodes.values()) {
                NodeVerifier.Result r = verifier.verify(objects, state.get(objects.node()));
                findings.addAll(r.findings());
                summaries.add(r.summary());
                if (r.newest() != null) {
                    newest.put(objects.node(), r.newest());
                }
            }
        }
        return new VerifyReport(archive.describe(), now, findings, summaries, newest);
    }
}
