package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SegmentFacts;
import dev.kubeaudit.agent.integrity.SegmentRange;
import dev.kubeaudit.agent.integrity.SegmentRanges;
import dev.kubeaudit.agent.integrity.SegmentReader;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.retry.Backoff;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that seals records into the chain. Each round it seals the declared gaps first
 * (the inbox's, in the order declared, and the segments the standalone shipper saw deleted
 * unshipped), then the oldest segment waiting: reads it ({@link SegmentReader}: hashes, line
 * count, Merkle root, auditIDs), looks up its journal indexes (agent mode), seals its manifest and
 * hands it to shipping. A segment whose manifest is already pending (sealed before a restart) is
 * handed on without sealing again. A segment that cannot be read or signed is logged, counted and
 * retried with backoff while later ones go ahead; one that is gone is reported as vanished.
 * {@link #submit} only queues, so the writer's thread never reads or hashes. Thread-safe.
 */
final class Sealer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Sealer.class);
    private static final long POLL_NANOS = 1_000_000_000L;

    private final Chain chain;
    private final SigningKey key;
    private final ChainKeys chainKeys;
    private final DeclaredGaps gaps;
    private final SegmentRanges ranges;
    private final Clock clock;
    private final ShipperListener listener;
    private final Backoff backoff;
    private final Consumer<Segment> sealed;
    private final Consumer<Segment> vanished;
    private final RelativeKeys keys;
    private final TreeMap<Segment, Long> waiting = new TreeMap<>();
    private final Map<Segment, Integer> failures = new HashMap<>();
    private final ArrayDeque<DeclaredGap> unshipped = new ArrayDeque<>();
    private final Set<String> unshippedIds = new HashSet<>();
    private Segment sealing;
    private String gapFailure;
    private boolean closed;

    /** The object key of a segment relative to the archive root. */
    @FunctionalInterface
    interface RelativeKeys {
        String of(Segment segment);
    }

    Sealer(Chain chain, SigningKey key, ChainKeys chainKeys, DeclaredGaps gaps, SegmentRanges ranges, Clock clock,
           ShipperListener listener, Backoff backoff, RelativeKeys keys, Consumer<Segment> sealed,
           Consumer<Segment> vanished) {
        this.chain = chain;
        this.key = key;
        this.chainKeys = chainKeys;
        this.gaps = gaps;
        this.ranges = ranges;
        this.clock = clock;
        this.listener = listener;
        this.backoff = backoff;
        this.keys = keys;
        this.sealed = sealed;
        this.vanished = vanished;
    }

    /** Queues {@code segment} for sealing, or hands it on at once when its manifest is already sealed. */
    void submit(Segment segment) {
        boolean ready;
        synchronized (this) {
            ready = chain.segment(segment.name()).isPresent();
            if (!ready && !closed && !segment.equals(sealing) && !waiting.containsKey(segment)) {
                waiting.put(segment, System.nanoTime());
                notifyAll();
            }
        }
        if (ready) {
            sealed.accept(segment);
        }
    }

    /** Queues the gap record of {@code segment}, deleted before it was shipped (standalone mode), once per segment. */
    synchronized void declareUnshipped(Segment segment) {
        String id = "unshipped-" + segment.name().replaceAll("[^A-Za-z0-9._-]", "_");
        if (unshippedIds.add(id)) {
            unshipped.add(new DeclaredGap(id, DeclaredGap.SEGMENT_DELETED_UNSHIPPED, clock.instant(), keys.of(segment)));
            notifyAll();
        }
    }

    @Override
    public void run() {
        while (!isClosed()) {
            sealGaps();
            Segment next;
            try {
                next = take();
            } catch (InterruptedException e) {
                return;
            }
            if (next != null) {
                sealGaps();
                seal(next);
            }
        }
    }

    private void sealGaps() {
        try {
            gaps.sealEach(chain::hasGap, this::sealGap);
            for (DeclaredGap gap = nextUnshipped(); gap != null; gap = nextUnshipped()) {
                if (!chain.hasGap(gap.id())) {
                    sealGap(gap);
                }
                synchronized (this) {
                    unshipped.remove(gap);
                }
            }
            gapFailure = null;
        } catch (IOException | RuntimeException e) {
            counted(e);
            if (!e.toString().equals(gapFailure)) {
                gapFailure = e.toString();
                LOG.warn("Sealing of a declared gap into the chain failed, retrying: {}", e.toString());
            }
        }
    }

    private synchronized DeclaredGap nextUnshipped() {
        return unshipped.peek();
    }

    private void sealGap(DeclaredGap gap) throws IOException {
        PendingRecords.Record r = appendGap(gap);
        listener.gapDeclared();
        LOG.info("Declared gap '{}' ({}: {}) sealed into the chain as seq {}", gap.id(), gap.reason(), gap.detail(),
                r.seq());
    }

    private void seal(Segment segment) {
        try {
            if (chain.segment(segment.name()).isEmpty()) {
                SegmentFacts facts = SegmentReader.read(segment.path());
                Optional<SegmentRange> range = ranges == null ? Optional.empty() : ranges.lookup(segment.name());
                PendingRecords.Record r = appendSegment(segment, facts, range.orElse(null));
                LOG.debug("Manifest of segment '{}' sealed as seq {}", segment.name(), r.seq());
            }
            finished(segment, null);
            sealed.accept(segment);
        } catch (IOException | RuntimeException e) {
            if (!Files.exists(segment.path())) {
                finished(segment, null);
                vanished.accept(segment);
                return;
            }
            counted(e);
            finished(segment, e);
        }
    }

    private void counted(Exception e) {
        if (e instanceof SigningFailure) {
            listener.signingFailed();
        }
        listener.failed("seal");
    }

    private PendingRecords.Record appendGap(DeclaredGap gap) throws IOException {
        String keyId = key.verifierKey().keyIdHex();
        return chain.append((seq, prev) -> Manifest.gap(chainKeys.origin(), seq, prev, chainKeys.gapKey(seq),
                clock.instant(), keyId, gap), key);
    }

    private PendingRecords.Record appendSegment(Segment segment, SegmentFacts facts, SegmentRange range)
            throws IOException {
        String keyId = key.verifierKey().keyIdHex();
        String segmentKey = keys.of(segment);
        Long first = range == null ? null : range.firstIndex();
        Long last = range == null ? null : range.lastIndex();
        return chain.append((seq, prev) -> Manifest.segment(chainKeys.origin(), seq, prev, segmentKey, clock.instant(),
                keyId, segment.time(), facts, first, last), key);
    }

    /** {@code segment} is done ({@code failure} null) or to be retried after a backoff. */
    private synchronized void finished(Segment segment, Exception failure) {
        sealing = null;
        if (failure == null) {
            failures.remove(segment);
            return;
        }
        int n = failures.merge(segment, 1, Integer::sum);
        long wait = backoff.delay(n, ThreadLocalRandom.current().nextDouble()).toNanos();
        waiting.put(segment, System.nanoTime() + wait);
        if (n == 1) {
            LOG.warn("Sealing of segment '{}' failed, retrying with backoff: {}", segment.path(), failure.toString());
        } else {
            LOG.debug("Sealing of segment '{}' failed again: {}", segment.path(), failure.toString());
        }
    }

    /** The oldest segment due, marked as being sealed; null after waiting up to a second for one. */
    private synchronized Segment take() throws InterruptedException {
        long now = System.nanoTime();
        long wait = POLL_NANOS;
        for (Map.Entry<Segment, Long> e : waiting.entrySet()) {
            if (now - e.getValue() >= 0) {
                sealing = e.getKey();
                waiting.remove(sealing);
                return sealing;
            }
            wait = Math.min(wait, e.getValue() - now);
        }
        if (!closed && unshipped.isEmpty()) {
            wait(Math.max(1, wait / 1_000_000));
        }
        return null;
    }

    /** The segments waiting for their seal or being sealed, oldest first. */
    synchronized List<Segment> unsealed() {
        List<Segment> all = new ArrayList<>(waiting.keySet());
        if (sealing != null) {
            all.add(sealing);
            Collections.sort(all);
        }
        return all;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
