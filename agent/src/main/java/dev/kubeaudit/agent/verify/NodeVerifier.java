package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ObjectVersion;
import dev.kubeaudit.agent.archive.Versions;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.DeclaredGap;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Verifies one node: reads its records and checkpoints, builds its chain, checks checkpoints,
 * segments, missing records, declared gaps and retention, in that order, and sums it up. Not
 * thread-safe; the reads inside run on the shared pool.
 */
final class NodeVerifier {
    private final Archive archive;
    private final ReadPool pool;
    private final KeyRing ring;
    private final VerifyOptions options;
    private final Instant now;
    /** Hive layout: the versions under each cluster's segment prefix, read once for all its nodes. */
    private final Map<String, Versions> clusterVersions = new HashMap<>();

    NodeVerifier(Archive archive, ReadPool pool, KeyRing ring, VerifyOptions options, Instant now) {
        this.archive = archive;
        this.pool = pool;
        this.ring = ring;
        this.options = options;
        this.now = now;
    }

    /** The result of one node: findings, summary and newest usable checkpoint (null: none). */
    record Result(List<Finding> findings, NodeSummary summary, VerifierState.Entry newest) {
    }

    Result verify(NodeObjects objects, VerifierState.Entry remembered) throws InterruptedException {
        Findings findings = new Findings(objects.node());
        if (objects.isEmpty()) {
            findings.failure(FindingType.MISSING, null, "no objects under '" + objects.keys().nodePrefix() + "'");
        } else if (objects.manifests().isEmpty() && objects.checkpoints().isEmpty()) {
            findings.failure(FindingType.MISSING, null, objects.others().size() + " object(s) under '"
                    + objects.keys().nodePrefix() + "' but no manifest or checkpoint: nothing there is sealed");
        }
        NodeReader reader = new NodeReader(archive, ring, pool);
        List<ChainRecord> records = reader.records(objects, findings);
        List<CheckpointEntry> checkpoints = reader.checkpoints(objects, findings);
        Chain chain = Chain.build(objects.keys(), records, findings);
        CheckpointCheck.Outcome cp = CheckpointCheck.check(chain, checkpoints, remembered, now, options, findings);
        SegmentCheck segments = new SegmentCheck(archive, pool, options);
        TreeSet<String> unnamed = segments.check(objects, chain, records, findings);
        long end = Math.max(chain.length(), cp.coveredSize());
        if (remembered != null) {
            end = Math.max(end, remembered.size());
        }
        MissingRecords.report(chain, end, objects, unnamed, now, options.maxStaleness(), findings);
        declaredGaps(chain, findings);
        String retention = retention(objects.keys(), chain, checkpoints, findings);
        CheckpointEntry n = cp.newest();
        SegmentTally t = segments.tally();
        NodeSummary summary = new NodeSummary(objects.node(), chain.records().size(), t.namedCount(),
                t.verifiedCount(), t.events(), t.minStageTimestamp(), t.maxStageTimestamp(),
                n == null ? null : n.size(), n == null ? null : n.time(), n == null ? null : n.key(),
                n == null ? null : Duration.between(n.time(), now), retention);
        VerifierState.Entry newest = n == null ? null
                : new VerifierState.Entry(n.size(), n.checkpoint().root(), n.time());
        return new Result(findings.sorted(), summary, newest);
    }

    private static void declaredGaps(Chain chain, Findings findings) {
        for (ChainRecord r : chain.records()) {
            if (!r.isGap()) {
                continue;
            }
            DeclaredGap g = r.manifest().gap();
            String text = "gap declared at " + g.time() + ": " + g.reason() + (g.detail() == null ? "" : " (" + g.detail()
                    + ")");
            if (SegmentCheck.DELETED_UNSHIPPED.equals(g.reason()) && g.detail() != null) {
                findings.warning(FindingType.DECLARED_GAP, r.seq(), text, r.objectKey(), g.detail());
            } else {
                findings.warning(FindingType.DECLARED_GAP, r.seq(), text, r.objectKey());
            }
        }
    }

    /**
     * The versions of the node's objects: under its node prefix, and in the hive layout also its
     * segments among those of its cluster, read once for all the cluster's nodes (integrity keys
     * sort before segment keys).
     */
    private Optional<Versions> versions(ChainKeys keys) throws IOException {
        Optional<Versions> own = archive.versions(keys.nodePrefix());
        if (own.isEmpty() || keys.segmentPrefix().equals(keys.nodePrefix())) {
            return own;
        }
        Versions cluster = clusterVersions.get(keys.segmentPrefix());
        if (cluster == null) {
            Optional<Versions> read = archive.versions(keys.segmentPrefix());
            if (read.isEmpty()) {
                return own;
            }
            cluster = read.get();
            clusterVersions.put(keys.segmentPrefix(), cluster);
        }
        List<ObjectVersion> all = new ArrayList<>(own.get().versions());
        cluster.versions().stream().filter(v -> keys.holds(v.key())).forEach(all::add);
        return Optional.of(new Versions(own.get().versioning(), own.get().bucketLock(), all));
    }

    private String retention(ChainKeys keys, Chain chain, List<CheckpointEntry> checkpoints, Findings findings) {
        Optional<Versions> versions;
        try {
            versions = versions(keys);
        } catch (IOException e) {
            findings.incomplete(FindingType.UNREADABLE, null, "listing of versions failed: " + e.getMessage());
            return "not audited (versions unreadable)";
        }
        Map<String, Instant> times = new HashMap<>();
        for (ChainRecord r : chain.records()) {
            times.put(r.objectKey(), r.manifest().sealed());
            if (!r.isGap()) {
                times.put(r.manifest().key(), r.manifest().segmentTime());
            }
        }
        checkpoints.forEach(c -> times.put(c.key(), c.time()));
        return RetentionAudit.audit(versions, options.expectedRetention(), times, findings);
    }
}
