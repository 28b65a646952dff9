package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.Digests;
import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.integrity.SegmentRanges;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.lifecycle.CoreThread;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.integrity.PendingRecords.Record;
import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.store.SegmentDigest;
import dev.kubeaudit.shipper.store.StoreException;
import dev.kubeaudit.shipper.store.Upload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sealing on ({@code integrity.enabled}): the node's chain in {@code <state dir>/integrity/}
 * ({@link Chain}), its signing key ({@link SigningKeys}), the declared gaps ({@link DeclaredGaps}),
 * the sealing thread {@code integrity-sealer} ({@link Sealer}) and the checkpoint thread
 * {@code integrity-checkpoints} ({@link CheckpointPublisher}), all keyed in the layout of
 * {@link ShipperSettings#keys()}. A segment's manifest goes to {@code <prefix>/<manifest key>}
 * ({@link ChainKeys#manifestKey}) through the same store as the segment (so Object Lock
 * applies to it too), uploaded by the worker that ships the segment, before its ledger entry.
 * At start, pending records of segments already in the ledger are uploaded by the checkpoint
 * thread, and those of segments deleted unshipped count as vanished. Thread-safe.
 */
final class ChainSealing implements SegmentSealing {
    private static final Logger LOG = LoggerFactory.getLogger(ChainSealing.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final ShipperSettings settings;
    private final ObjectStore store;
    private final ShipperListener listener;
    private final FatalFailures fatal;
    private final Shipping shipping;
    private final Path dir;
    private final Chain chain;
    private final DeclaredGaps gaps;
    private final Sealer sealer;
    private final CheckpointPublisher publisher;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private ChainSealing(ShipperSettings settings, ObjectStore store, Clock clock, ShipperListener listener,
                         FatalFailures fatal, Shipping shipping, Path dir, SigningKey key, DeclaredGaps gaps,
                         SegmentRanges ranges) throws IOException {
        this.settings = settings;
        this.store = store;
        this.listener = listener;
        this.fatal = fatal;
        this.shipping = shipping;
        this.dir = dir;
        this.gaps = gaps;
        ChainKeys chainKeys = settings.keys().chainKeys();
        this.chain = Chain.open(dir, chainKeys.origin(), chainKeys.layout(), this::chainChanged);
        this.sealer = new Sealer(chain, key, chainKeys, gaps, ranges, clock, listener, settings.backoff(),
                s -> settings.keys().relativeKeyFor(s.name(), s.time()), shipping::sealed, shipping::vanished);
        this.publisher = new CheckpointPublisher(chain, key, chainKeys, settings.keys(), store, gaps, clock,
                settings.integrity().checkpointInterval(), settings.backoff(), listener, dir, settings.md5());
    }

    /** Opens the chain and loads the key; an IOException naming the file when either cannot be used. */
    static ChainSealing open(ShipperSettings settings, ObjectStore store, Clock clock, ShipperListener listener,
                             FatalFailures fatal, GapInbox inbox, Shipping shipping) throws IOException {
        IntegritySettings integrity = settings.integrity();
        Path dir = settings.ledgerDir().resolve(IntegritySettings.DIRECTORY);
        DurableFiles.createPrivateDirectories(dir);
        String origin = settings.keys().chainKeys().origin();
        SigningKey key = SigningKeys.load(integrity.signingKeyFile(), dir, origin);
        SegmentRanges ranges = integrity.agentMode() ? SegmentRanges.open(integrity.journalIntegrityDir()) : null;
        DeclaredGaps gaps = DeclaredGaps.of(inbox, integrity.agentMode() ? integrity.journalIntegrityDir() : dir);
        try {
            return new ChainSealing(settings, store, clock, listener, fatal, shipping, dir, key, gaps, ranges);
        } catch (IOException | RuntimeException e) {
            gaps.close();
            throw e;
        }
    }

    private void chainChanged() {
        CheckpointPublisher p = publisher;
        if (p != null) {
            p.wake();
        }
    }

    @Override
    public void start() {
        int vanished = 0;
        for (Record r : chain.pendingSegments()) {
            String name = r.segmentName().orElseThrow();
            Path path = settings.activeFile().toAbsolutePath().resolveSibling(name);
            if (shipping.inLedger(name)) {
                chain.orphan(r);   // shipped before the restart: only the record's own upload is left
            } else if (!Files.exists(path)) {
                vanished++;
                shipping.vanished(new Segment(path, r.manifest().segmentTime()));
            }
        }
        LOG.info("Chain '{}' in '{}': {} records sealed, the first {} uploaded{}", chain.origin(), dir, chain.size(),
                chain.uploadedPrefix(), vanished > 0 ? ", " + vanished + " sealed segments deleted unshipped" : "");
        start("integrity-sealer", sealer);
        start("integrity-checkpoints", publisher);
    }

    private void start(String name, Runnable body) {
        Thread t = CoreThread.of(name, true, fatal, () -> closed, body);
        threads.add(t);
        t.start();
    }

    @Override
    public void submit(Segment segment) {
        sealer.submit(segment);
    }

    @Override
    public void uploadManifest(Segment segment) throws StoreException {
        Record r = chain.segment(segment.name()).orElseThrow(() -> new StoreException(StoreException.Kind.LOCAL,
                "Segment '" + segment.name() + "' has no sealed manifest pending in " + dir));
        Upload upload;
        try {
            upload = r.upload(settings.keys(), settings.md5());
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.LOCAL, "Checksum of manifest " + r.file() + " failed: " + e, e);
        }
        store.put(upload);
    }

    @Override
    public Optional<SegmentDigest> sealedDigest(Segment segment) {
        return chain.segment(segment.name()).map(r -> r.manifest().facts())
                .map(f -> new SegmentDigest(f.storedSize(), Digests.fromHex(f.storedSha256()), null));
    }

    @Override
    public void shipped(Segment segment) {
        for (Record r : chain.segment(segment.name()).stream().toList()) {
            try {
                chain.uploaded(r);
            } catch (IOException e) {
                listener.failed(StoreException.Kind.LOCAL.reason());
                LOG.warn("Segment '{}' is shipped, but its pending record stays: {}", segment.name(), e.getMessage());
            }
        }
    }

    @Override
    public void vanished(Segment segment) {
        chain.segment(segment.name()).ifPresent(chain::orphan);   // sealed: the chain keeps its manifest all the same
        if (!settings.integrity().agentMode()) {
            sealer.declareUnshipped(segment);
        }
    }

    @Override
    public List<Segment> unsealed() {
        return sealer.unsealed();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sealer.close();
        publisher.close();
        for (int i = threads.size() - 1; i >= 0; i--) {
            join(threads.get(i));
        }
        try {
            gaps.close();
        } catch (IOException e) {
            LOG.warn("Close of the declared gaps failed: {}", e.toString());
        }
    }

    private static void join(Thread t) {
        try {
            t.join(STOP_TIMEOUT.toMillis());
            if (t.isAlive()) {
                t.interrupt();
                t.join(STOP_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
