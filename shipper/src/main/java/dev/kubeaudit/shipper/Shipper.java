package dev.kubeaudit.shipper;

import dev.kubeaudit.agent.CrashPoint;
import dev.kubeaudit.agent.integrity.GapInbox;
import dev.kubeaudit.agent.lifecycle.CoreThread;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import dev.kubeaudit.agent.logfile.Backup;
import dev.kubeaudit.agent.logfile.BackupNames;
import dev.kubeaudit.shipper.discovery.Segment;
import dev.kubeaudit.shipper.discovery.SegmentScanner;
import dev.kubeaudit.shipper.integrity.SegmentSealing;
import dev.kubeaudit.shipper.ledger.LedgerEntry;
import dev.kubeaudit.shipper.ledger.ShipLedger;
import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.store.Receipt;
import dev.kubeaudit.shipper.store.SegmentDigest;
import dev.kubeaudit.shipper.store.StoreException;
import dev.kubeaudit.shipper.store.Upload;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships every final segment of one log folder to an {@link ObjectStore}: digest, upload (verified by
 * the store, never overwriting), the upload of its sealed manifest, then a forced ledger entry; only
 * then does the segment count as shipped ({@link #shipped}), which is what retention asks before
 * deleting it. Segments arrive by {@link #offer} (the writer's notification) and by scans at start
 * and every scan interval; each goes to {@link SegmentSealing} first, which seals its manifest into
 * the chain on its own thread (at once with integrity off), then to shipping, oldest first,
 * {@code concurrency} at once, retried forever (see {@link PendingQueue}). At start the ledger is
 * reconciled with the folder: entries of segments no longer there are dropped. Threads:
 * {@code concurrency} workers, one scanner and sealing's, all stopped by {@link #close}. Thread-safe.
 */
public final class Shipper implements Closeable {
    /** Crash point between a completed upload and its ledger entry. */
    public static final String UPLOADED = "ship-uploaded";
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final ShipperSettings settings;
    private final ObjectStore store;
    private final ShipLedger ledger;
    private final SegmentScanner scanner;
    private final Clock clock;
    private final ShipperListener listener;
    private final PendingQueue queue;
    private final FailureLog failures;
    private final FatalFailures fatal;
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService scans;
    private volatile SegmentSealing sealing;
    private volatile boolean closed;

    private Shipper(ShipperSettings settings, ObjectStore store, ShipLedger ledger, Clock clock,
                    ShipperListener listener, FatalFailures fatal) {
        this.settings = settings;
        this.fatal = fatal;
        this.store = store;
        this.ledger = ledger;
        this.scanner = new SegmentScanner(settings.activeFile(), settings.compressed());
        this.clock = clock;
        this.listener = listener;
        this.queue = new PendingQueue(settings.backoff());
        this.failures = new FailureLog(store.describe());
        this.scans = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ship-scan"));
    }

    /**
     * Opens the ledger, reconciles it with the folder, queues every unshipped final segment and
     * starts the threads. On failure nothing keeps running; {@code store} is closed by {@link #close}.
     */
    public static Shipper start(ShipperSettings settings, ObjectStore store, Clock clock, ShipperListener listener)
            throws IOException {
        return start(settings, store, clock, listener, FatalFailures.NONE);
    }

    /** As above; a worker or scan thread that ends unexpectedly (an Error, an interrupt) is reported to {@code fatal}. */
    public static Shipper start(ShipperSettings settings, ObjectStore store, Clock clock, ShipperListener listener,
                                FatalFailures fatal) throws IOException {
        return start(settings, store, clock, listener, fatal, null);
    }

    /**
     * As above; {@code gaps} is the agent's inbox of declared gaps that the chain seals (null: the
     * one in the state directory's integrity folder, or none with integrity off).
     */
    public static Shipper start(ShipperSettings settings, ObjectStore store, Clock clock, ShipperListener listener,
                                FatalFailures fatal, GapInbox gaps) throws IOException {
        ShipLedger ledger = ShipLedger.open(settings.ledgerDir());
        Shipper shipper = new Shipper(settings, store, ledger, clock, listener, fatal);
        try {
            shipper.sealing = SegmentSealing.open(settings, store, clock, listener, fatal, gaps, shipper.new Handoff());
            shipper.sealing.start();
            shipper.reconcile();
            shipper.startThreads();
        } catch (IOException | RuntimeException e) {
            shipper.close();
            throw e;
        }
        LOG.info("Shipping the segments of '{}' to '{}' ({} pending, {} in the ledger '{}')",
                settings.activeFile().toAbsolutePath(), store.describe(), shipper.pendingSegments(), ledger.size(),
                ledger.file().toAbsolutePath());
        return shipper;
    }

    /** A segment the writer declares final; queued unless shipped already or not one of this log's backups. */
    public void offer(Path segment) {
        scanner.parse(segment).ifPresent(this::enqueue);
    }

    /** True when {@code backup} is recorded in the ledger: in the store and verified. */
    public boolean shipped(Path backup) {
        return backup.getFileName() != null && ledger.contains(backup.getFileName().toString());
    }

    /** Final segments not shipped yet: waiting for their manifest's seal or for shipping. */
    public int pendingSegments() {
        return queue.size() + unsealed().size();
    }

    /** Age of the oldest pending segment by the time in its name, 0 when nothing is pending. */
    public double oldestPendingAgeSeconds() {
        Optional<Segment> oldest = queue.oldest();
        List<Segment> unsealed = unsealed();
        if (!unsealed.isEmpty() && (oldest.isEmpty() || unsealed.get(0).compareTo(oldest.get()) < 0)) {
            oldest = Optional.of(unsealed.get(0));
        }
        return oldest.map(s -> Math.max(0, Duration.between(s.time(), clock.instant()).toMillis() / 1000.0))
                .orElse(0.0);
    }

    private List<Segment> unsealed() {
        SegmentSealing s = sealing;
        return s == null ? List.of() : s.unsealed();
    }

    /** Scans the folder now (also done every scan interval). */
    public void scan() {
        try {
            List<Segment> found = scanner.scan();
            Set<Path> present = new HashSet<>();
            for (Segment s : found) {
                present.add(s.path());
                enqueue(s);
            }
            for (Segment gone : queue.removeIf(s -> !present.contains(s.path()) && !Files.exists(s.path()))) {
                vanished(gone);
            }
        } catch (IOException | RuntimeException e) {
            listener.failed("scan");
            LOG.warn("Scan of '{}' for segments failed: {}", settings.activeFile().toAbsolutePath().getParent(),
                    e.toString());
        }
    }

    private void enqueue(Segment segment) {
        if (!ledger.contains(segment.name())) {
            sealing.submit(segment);
        }
    }

    /** What sealing tells this shipper. */
    private final class Handoff implements SegmentSealing.Shipping {
        @Override
        public void sealed(Segment segment) {
            if (!ledger.contains(segment.name()) && queue.offer(segment)) {
                LOG.debug("Segment '{}' queued for shipping", segment.name());
            }
        }

        @Override
        public void vanished(Segment segment) {
            Shipper.this.vanished(segment);
        }

        @Override
        public boolean inLedger(String name) {
            return ledger.contains(name);
        }
    }

    private void reconcile() throws IOException {
        Set<String> names = new HashSet<>();
        for (Backup b : BackupNames.list(settings.activeFile())) {
            names.add(b.path().getFileName().toString());
        }
        int dropped = ledger.compact(names::contains);
        if (dropped > 0) {
            LOG.info("Ledger '{}': {} entries of segments no longer in the folder dropped", ledger.file(), dropped);
        }
        for (Segment s : scanner.scan()) {
            enqueue(s);
        }
    }

    private void startThreads() {
        for (int i = 0; i < settings.concurrency(); i++) {
            Thread worker = CoreThread.of("ship-worker-" + i, true, fatal, () -> closed, this::work);
            workers.add(worker);
            worker.start();
        }
        long every = settings.scanInterval().toMillis();
        // An exception escaping a scheduled task would end the scans silently: the guard reports it.
        scans.scheduleWithFixedDelay(CoreThread.guard("ship-scan", fatal, () -> true, this::scan), every, every,
                TimeUnit.MILLISECONDS);
    }

    private void work() {
        while (!closed) {
            try {
                Segment next = queue.take(Duration.ofSeconds(1));
                if (next != null) {
                    shipOne(next);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void shipOne(Segment segment) {
        if (!Files.exists(segment.path())) {
            queue.done(segment);
            vanished(segment);
            return;
        }
        long start = System.nanoTime();
        try {
            Upload upload = new Upload(settings.keys().keyFor(segment.name(), segment.time()), segment.path(),
                    digest(segment), segment.time());
            Receipt receipt = store.put(upload);
            sealing.uploadManifest(segment);
            CrashPoint.reach(UPLOADED);
            ledger.record(new LedgerEntry(segment.name(), receipt.key(), receipt.size(), receipt.sha256Hex(),
                    receipt.etag(), receipt.versionId(), clock.instant()));
            sealing.shipped(segment);
            failures.succeeded(queue.done(segment));
            LOG.info("Segment '{}' shipped to '{}'{} ({} bytes)", segment.name(), receipt.key(),
                    receipt.alreadyStored() ? " (already stored, confirmed)" : "", receipt.size());
            listener.shipped(segment, receipt, System.nanoTime() - start, clock.instant());
            deleteIfAsked(segment);
        } catch (StoreException e) {
            failed(segment, e);
        } catch (IOException | RuntimeException e) {
            failed(segment, new StoreException(StoreException.Kind.LOCAL, "Shipping of " + segment.path()
                    + " failed: " + e, e));
        }
    }

    /**
     * The digest the upload sends and the store checks: the sealed manifest's (the segment was read
     * once to seal it; a segment changed since then fails the store's checksum and is not recorded),
     * or read now when there is none or MD5 is needed too.
     */
    private SegmentDigest digest(Segment segment) throws IOException {
        if (!settings.md5()) {
            Optional<SegmentDigest> sealed = sealing.sealedDigest(segment);
            if (sealed.isPresent()) {
                return sealed.get();
            }
        }
        return SegmentDigest.of(segment.path(), settings.md5());
    }

    private void failed(Segment segment, StoreException e) {
        listener.failed(e.kind().reason());
        Duration retryIn = queue.failed(segment, e);
        failures.failed(segment, e, retryIn);
    }

    private void vanished(Segment segment) {
        listener.failed("vanished");
        LOG.warn("Segment '{}' was deleted before it was shipped (its writer's retention removed it)", segment.name());
        sealing.vanished(segment);
    }

    private void deleteIfAsked(Segment segment) {
        if (!settings.deleteAfterShip()) {
            return;
        }
        try {
            Files.deleteIfExists(segment.path());
        } catch (IOException e) {
            listener.failed("delete");
            LOG.warn("Deletion of shipped segment '{}' failed: {}", segment.path(), e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scans.shutdownNow();
        queue.close();
        for (Thread worker : workers) {
            join(worker);
        }
        if (sealing != null) {
            sealing.close();
        }
        store.close();
        try {
            ledger.close();
        } catch (IOException e) {
            LOG.warn("Close of ledger '{}' failed: {}", ledger.file(), e.toString());
        }
        try {
            scans.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for an upload in progress to end; interrupts it after the stop timeout. */
    private static void join(Thread worker) {
        try {
            worker.join(STOP_TIMEOUT.toMillis());
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(STOP_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
