package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.MerkleTree;
import dev.kubeaudit.agent.integrity.SegmentFacts;
import dev.kubeaudit.agent.integrity.SegmentReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finds the segment holding an event ({@code verify --event <auditID>}) and proves it: segments are
 * scanned line by line, many at once, those whose manifest names the ID as first or last first (a
 * hint only: IDs are not ordered), until one holds a line with that top-level auditID; that segment
 * is read again to build the {@link EventProof} of every such line in it, after checking that it
 * is what its trusted manifest says. Exit status of the outcome: 0 a complete proof, 1 not found or
 * the evidence fails its checks, 2 no checkpoint covers the record yet or a read failed. Not
 * thread-safe; one search at a time.
 */
public final class EventSearch {
    private final Archive archive;
    private final VerifyOptions options;

    public EventSearch(Archive archive, VerifyOptions options) {
        this.archive = archive;
        this.options = options;
    }

    /** What a search found: an exit status, the proof (null when there is none) and a sentence. */
    public record Outcome(int exitCode, EventProof proof, String message) {
    }

    private record Hit(ChainRecord record, String error) {
    }

    /** Stops a segment's scan at the first matching line. */
    private static final class Found extends IOException {
        private static final long serialVersionUID = 1L;

        Found() {
            super("found");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;   // control flow, not an error: no stack trace to fill
        }
    }

    public Outcome find(String auditID) throws InterruptedException {
        List<Finding> listing = new ArrayList<>();
        Map<ChainKeys, NodeObjects> nodes = NodeListing.list(archive, options.nodes(), java.util.Set.of(), listing);
        KeyRing ring = new KeyRing(options.keys());
        int scanned = 0;
        List<String> errors = new ArrayList<>();
        listing.forEach(f -> errors.add(f.node() + ": " + f.message()));
        try (ReadPool pool = new ReadPool(options.parallel())) {
            for (NodeObjects objects : nodes.values()) {
                Findings scratch = new Findings(objects.node());
                NodeReader reader = new NodeReader(archive, ring, pool);
                List<ChainRecord> records = reader.records(objects, scratch);
                Chain chain = Chain.build(objects.keys(), records, scratch);
                List<ChainRecord> candidates = candidates(chain, auditID);
                scanned += candidates.size();
                AtomicBoolean found = new AtomicBoolean();
                List<Hit> hits = pool.map(candidates, r -> scan(r, auditID, found));
                hits.stream().filter(h -> h != null && h.error() != null).forEach(h -> errors.add(h.error()));
                ChainRecord hit = hits.stream().filter(h -> h != null && h.error() == null).map(Hit::record)
                        .min(Comparator.comparingLong(ChainRecord::seq)).orElse(null);
                if (hit != null) {
                    return new ProofBuilder(archive, objects, chain, reader.checkpoints(objects, scratch))
                            .prove(hit, new AuditIdMatch(auditID), auditID);
                }
            }
        }
        String where = "in " + scanned + " segment(s) of " + nodes.size() + " node(s)";
        return errors.isEmpty() ? new Outcome(1, null, "no event with auditID " + auditID + " " + where)
                : new Outcome(2, null, "no event with auditID " + auditID + " " + where + "; not read: "
                + String.join("; ", errors));
    }

    /** The chain's segments in the window, those whose manifest names the ID first. */
    private List<ChainRecord> candidates(Chain chain, String auditID) {
        List<ChainRecord> out = new ArrayList<>();
        for (ChainRecord r : chain.records()) {
            if (!r.isGap() && options.inWindow(r.manifest().segmentTime())) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing((ChainRecord r) -> !named(r.manifest().facts(), auditID))
                .thenComparingLong(ChainRecord::seq));
        return out;
    }

    private static boolean named(SegmentFacts f, String auditID) {
        return auditID.equals(f.firstAuditID()) || auditID.equals(f.lastAuditID());
    }

    private Hit scan(ChainRecord r, String auditID, AtomicBoolean found) {
        if (found.get()) {
            return null;
        }
        AuditIdMatch match = new AuditIdMatch(auditID);
        Manifest m = r.manifest();
        try (InputStream in = archive.open(m.key())) {
            SegmentReader.readContent(in, SegmentCheck.compression(m), (index, buf, off, len) -> {
                if (match.matches(buf, off, len)) {
                    throw new Found();
                }
            });
            return null;
        } catch (Found f) {
            found.set(true);
            return new Hit(r, null);
        } catch (IOException e) {
            return new Hit(r, "segment '" + m.key() + "': " + e.getMessage());
        }
    }

    /** Reads the segment that holds the event again and builds the proof. */
    private static final class ProofBuilder {
        private final Archive archive;
        private final NodeObjects objects;
        private final Chain chain;
        private final List<CheckpointEntry> checkpoints;

        ProofBuilder(Archive archive, NodeObjects objects, Chain chain, List<CheckpointEntry> checkpoints) {
            this.archive = archive;
            this.objects = objects;
            this.chain = chain;
            this.checkpoints = checkpoints;
        }

        Outcome prove(ChainRecord r, AuditIdMatch match, String auditID) {
            Manifest m = r.manifest();
            if (!r.trusted()) {
                return new Outcome(1, null, "the manifest '" + r.objectKey() + "' of the segment holding " + auditID
                        + " is not signed by a key trusted at its time");
            }
            List<byte[]> leaves = new ArrayList<>();
            List<EventProof.Line> lines = new ArrayList<>();
            SegmentFacts facts;
            try (InputStream in = archive.open(m.key())) {
                facts = SegmentReader.readContent(in, SegmentCheck.compression(m), (index, buf, off, len) -> {
                    leaves.add(MerkleTree.leafHash(Arrays.copyOfRange(buf, off, off + len)));
                    if (match.matches(buf, off, len)) {
                        lines.add(new EventProof.Line(index, Arrays.copyOfRange(buf, off, off + len), null));
                    }
                });
            } catch (IOException e) {
                return new Outcome(2, null, "read of segment '" + m.key() + "' failed: " + e.getMessage());
            }
            SegmentFacts said = m.facts();
            if (facts.storedSize() != said.storedSize() || !facts.storedSha256().equals(said.storedSha256())
                    || !Arrays.equals(facts.merkleRoot(), said.merkleRoot()) || facts.lines() != said.lines()) {
                return new Outcome(1, null, "the segment '" + m.key() + "' holding " + auditID + " does not match its"
                        + " manifest '" + r.objectKey() + "' (run verify --deep)");
            }
            List<EventProof.Line> proven = lines.stream().map(l -> new EventProof.Line(l.index(), l.bytes(),
                    MerkleTree.inclusionPath(leaves, (int) l.index(), leaves.size()))).toList();
            return withCheckpoint(r, proven, auditID);
        }

        private Outcome withCheckpoint(ChainRecord r, List<EventProof.Line> lines, String auditID) {
            String manifestText;
            List<byte[]> prefix = new ArrayList<>();
            for (long s = 0; chain.at(s) != null; s++) {
                prefix.add(chain.at(s).leafHash());
            }
            CheckpointEntry covering = checkpoints.stream().filter(CheckpointEntry::trusted)
                    .filter(c -> c.size() > r.seq() && c.size() <= prefix.size())
                    .sorted(Comparator.comparing(CheckpointEntry::time).reversed())
                    .filter(c -> Arrays.equals(MerkleTree.root(prefix, (int) c.size()), c.checkpoint().root()))
                    .findFirst().orElse(null);
            String checkpointText = null;
            try {
                manifestText = text(r.objectKey());
                if (covering != null) {
                    checkpointText = text(covering.key());
                }
            } catch (IOException e) {
                return new Outcome(2, null, "read failed: " + e.getMessage());
            }
            String node = objects.node();
            Manifest m = r.manifest();
            EventProof proof = new EventProof(auditID, node, m.key(), r.seq(), lines,
                    r.objectKey(), manifestText, covering == null ? 0 : covering.size(),
                    covering == null ? null : MerkleTree.inclusionPath(prefix, (int) r.seq(), (int) covering.size()),
                    covering == null ? null : covering.key(), checkpointText);
            return covering == null
                    ? new Outcome(2, proof, "no trusted checkpoint covers record " + r.seq() + " yet")
                    : new Outcome(0, proof, lines.size() + " line(s) proven in '" + m.key() + "', record " + r.seq()
                    + " in checkpoint '" + covering.key() + "'");
        }

        private String text(String key) throws IOException {
            return new String(archive.readSmall(key, NodeReader.MAX_BYTES), StandardCharsets.UTF_8);
        }
    }
}
