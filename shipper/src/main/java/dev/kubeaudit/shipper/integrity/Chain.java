package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.shipper.integrity.PendingRecords.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One node's hash chain as the shipper keeps it ({@code <state dir>/integrity/}): appends records
 * (next seq, prev hash, sealed, written as a pending record, then counted in {@link ChainState}),
 * knows which records are not uploaded yet, and gives the root of the uploaded prefix to sign.
 *
 * <p>Crash safety: a record exists once its pending file does; at start a pending record the state
 * does not count yet is rolled forward (its seq and prev checked against the state), so a seq is
 * never handed out twice and a record never sealed twice. The root of a checkpoint's size is
 * recorded as the state's base before it is signed, and sizes below the base are never signed
 * again, so no two roots are ever signed for one size.
 *
 * <p>Records are uploaded by the shipping workers (a segment's, before its ledger entry) or by the
 * checkpoint publisher (gaps, and segment records whose segment will not be shipped: "orphans").
 * Thread-safe: synchronized, but for the lookups by segment and gap.
 */
final class Chain {
    /** Crash point between a record's pending file and the chain state that counts it. */
    static final String SEALED = "integrity-sealed";

    /** Builds the record that gets {@code seq} and {@code prev}. */
    @FunctionalInterface
    interface Builder {
        Manifest build(long seq, String prev);
    }

    private final Path stateFile;
    private final PendingRecords files;
    private final TreeMap<Long, Record> pending = new TreeMap<>();
    // Written under the lock, read without it: offer() on the writer's thread never waits for a seal's fsync.
    private final Map<String, Record> bySegment = new ConcurrentHashMap<>();
    private final Map<String, Record> byGap = new ConcurrentHashMap<>();
    private final Set<Long> orphans = new HashSet<>();
    private final Runnable changed;
    private ChainState state;

    private Chain(Path stateFile, PendingRecords files, ChainState state, Runnable changed) {
        this.stateFile = stateFile;
        this.files = files;
        this.state = state;
        this.changed = changed;
    }

    /** Opens the chain of {@code origin} in the default layout; see {@link #open(Path, String, ArchiveLayout, Runnable)}. */
    static Chain open(Path dir, String origin, Runnable changed) throws IOException {
        return open(dir, origin, ArchiveLayout.DEFAULT, changed);
    }

    /**
     * Opens the chain of {@code origin} kept in {@code dir}, rolling pending records forward;
     * {@code changed} runs whenever a record is uploaded or orphaned. A chain whose keys are of
     * another layout than {@code layout} stops start-up: a chain never changes layout.
     */
    static Chain open(Path dir, String origin, ArchiveLayout layout, Runnable changed) throws IOException {
        Path stateFile = dir.resolve(ChainState.FILE_NAME);
        PendingRecords files = PendingRecords.open(dir.resolve(PendingRecords.DIRECTORY));
        List<Record> records = files.list();
        ChainState state = ChainState.read(stateFile).orElse(null);
        if (state == null && !records.isEmpty() && records.get(0).seq() != 0) {
            throw new IOException(stateFile + ": missing, while " + files.dir() + " holds records from seq "
                    + records.get(0).seq() + " (expected: the chain state of those records; restore it)");
        }
        state = state == null ? ChainState.empty(origin, layout) : state;
        if (!state.origin().equals(origin)) {
            throw new IOException(stateFile + ": the chain of '" + state.origin() + "', not of '" + origin
                    + "' (expected: the state of this node's chain; cluster or node changed?)");
        }
        if (state.layout() != layout) {
            throw otherLayout(stateFile, dir, state.origin(), state.layout(), layout);
        }
        Chain chain = new Chain(stateFile, files, state, changed);
        chain.load(records);
        return chain;
    }

    private static IOException otherLayout(Path file, Path dir, String origin, ArchiveLayout chain,
                                           ArchiveLayout configured) {
        return new IOException(file + ": the chain of '" + origin + "' keys its objects in the " + chain.configName()
                + " layout, not in the " + configured.configName() + " layout ship.layout names (expected: ship.layout: "
                + chain.configName() + "; a chain never changes layout: to ship in the " + configured.configName()
                + " layout, ship everything pending, then set a new ship.destination prefix and move chain.state and"
                + " pending/ out of " + dir + ", so that a new chain starts there)");
    }

    private void load(List<Record> records) throws IOException {
        ChainState rolled = state;
        for (Record r : records) {
            Manifest m = r.manifest();
            if (!m.origin().equals(state.origin())) {
                throw new IOException(r.file() + ": a record of '" + m.origin() + "' (expected: " + state.origin() + ")");
            }
            if (ArchiveLayout.ofKey(m.key()) != state.layout()) {
                throw otherLayout(r.file(), stateFile.getParent(), state.origin(), ArchiveLayout.ofKey(m.key()),
                        state.layout());
            }
            if (r.seq() == rolled.next() && m.prev().equals(rolled.prev())) {
                rolled = rolled.append(r.sealed().sha256Hex(), r.sealed().leafHash());
            } else if (r.seq() >= rolled.next()) {
                throw new IOException(r.file() + ": seq " + r.seq() + ", prev '" + m.prev() + "' does not follow the"
                        + " chain state (next " + rolled.next() + ", prev '" + rolled.prev() + "')");
            } else if (r.seq() >= rolled.base()
                    && !Arrays.equals(rolled.leaves().get((int) (r.seq() - rolled.base())), r.sealed().leafHash())) {
                throw new IOException(r.file() + ": not the record the chain state counts as seq " + r.seq());
            }
            add(r);
            if (r.seq() < rolled.base()) {
                orphans.add(r.seq());   // uploaded before, its file left: upload again (confirmed), then delete
            }
        }
        if (rolled != state) {
            state = rolled;
            state.write(stateFile);
        }
    }

    /**
     * Seals the record {@code builder} makes with the next seq and prev: its pending file first,
     * then the state. When only the state write fails the record still counts (it is rolled
     * forward at the next start) and the exception says so.
     */
    synchronized Record append(Builder builder, SigningKey key) throws IOException {
        Manifest manifest = builder.build(state.next(), state.prev());
        SealedManifest sealed;
        try {
            sealed = SealedManifest.seal(manifest, key);
        } catch (IllegalStateException e) {
            throw new SigningFailure("Signing of the " + manifest.kind() + " record " + manifest.seq() + " failed: "
                    + e.getMessage(), e);
        }
        Record r = files.write(sealed);
        CrashPoint.reach(SEALED);
        state = state.append(sealed.sha256Hex(), sealed.leafHash());
        add(r);
        state.write(stateFile);
        return r;
    }

    private void add(Record r) {
        pending.put(r.seq(), r);
        r.segmentName().ifPresent(name -> bySegment.put(name, r));
        if (r.isGap()) {
            byGap.put(r.manifest().gap().id(), r);
        }
    }

    /** The pending record of the segment file {@code name}. */
    Optional<Record> segment(String name) {
        return Optional.ofNullable(bySegment.get(name));
    }

    /** True when a pending record declares the gap {@code id}. */
    boolean hasGap(String id) {
        return byGap.containsKey(id);
    }

    synchronized List<Record> pendingSegments() {
        return new ArrayList<>(bySegment.values());
    }

    /** The segment of {@code record} will not be shipped: the publisher uploads the record. */
    void orphan(Record record) {
        synchronized (this) {
            if (!pending.containsKey(record.seq())) {
                return;
            }
            orphans.add(record.seq());
        }
        changed.run();
    }

    /** The lowest pending record the publisher uploads: a gap's, or an orphan's. */
    synchronized Optional<Record> nextForPublisher() {
        return pending.values().stream().filter(r -> r.isGap() || orphans.contains(r.seq())).findFirst();
    }

    /** {@code record} is uploaded (and its segment, if any, in the ledger): no longer pending. */
    void uploaded(Record record) throws IOException {
        synchronized (this) {
            if (pending.remove(record.seq()) == null) {
                return;
            }
            orphans.remove(record.seq());
            record.segmentName().ifPresent(bySegment::remove);
            if (record.isGap()) {
                byGap.remove(record.manifest().gap().id());
            }
        }
        try {
            files.delete(record);
        } finally {
            changed.run();
        }
    }

    /** N such that records 0 to N - 1 are all uploaded. */
    synchronized long uploadedPrefix() {
        return pending.isEmpty() ? state.next() : pending.firstKey();
    }

    /** Records sealed so far. */
    synchronized long size() {
        return state.next();
    }

    /**
     * The root of the first {@code size} records, about to be signed: {@code size} must be at
     * least every size signed before and at most the uploaded prefix; a new size is recorded
     * durably first.
     */
    synchronized byte[] checkpointRoot(long size) throws IOException {
        if (size < state.base() || size > uploadedPrefix()) {
            throw new IllegalArgumentException("checkpoint size " + size + " (expected: " + state.base() + " to "
                    + uploadedPrefix() + ")");
        }
        if (size > state.base()) {
            ChainState next = state.withBase(size);
            next.write(stateFile);
            state = next;
        }
        return state.root(size);
    }

    synchronized String origin() {
        return state.origin();
    }
}
