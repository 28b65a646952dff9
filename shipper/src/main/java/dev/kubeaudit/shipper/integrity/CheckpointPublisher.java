package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.agent.integrity.SignedNote;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.integrity.PendingRecords.Record;
import dev.kubeaudit.shipper.retry.Backoff;
import dev.kubeaudit.shipper.store.ObjectKeys;
import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.store.SegmentDigest;
import dev.kubeaudit.shipper.store.StoreException;
import dev.kubeaudit.shipper.store.Upload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that publishes the chain. It uploads the records no segment upload carries (declared
 * gaps, and manifests of segments that will not be shipped), lowest seq first, and signs and
 * uploads a checkpoint of the uploaded prefix N (records 0 to N - 1 all uploaded: workers finish
 * out of order) at start, whenever N grows, and every {@code interval} of the injected clock while
 * N stays. Each checkpoint is a new object under {@link ChainKeys#checkpointKey}; its time is the
 * clock's, or a millisecond after the previous one's, so keys never collide (a key taken by an
 * object from an earlier run: the next millisecond). Times never go back, not even across a restart
 * on a clock set back: the first checkpoint of a run is dated after the last one signed before
 * (kept in {@value #OUTGOING_FILE}; its cosigned time has whole seconds, so the next second), since
 * a verifier takes a later checkpoint of fewer records for a rollback. A failed upload is retried
 * with backoff, the same object until it is stored; a signing failure is counted. Thread-safe.
 */
final class CheckpointPublisher implements Runnable {
    static final String OUTGOING_FILE = "checkpoint.outgoing";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);
    private static final long POLL_MILLIS = 250;

    private final Chain chain;
    private final SigningKey key;
    private final ChainKeys chainKeys;
    private final ObjectKeys keys;
    private final ObjectStore store;
    private final DeclaredGaps gaps;
    private final Clock clock;
    private final Duration interval;
    private final Backoff backoff;
    private final ShipperListener listener;
    private final Path outgoing;
    private final boolean md5;
    private boolean closed;
    private boolean woken;
    // Owned by the publishing thread:
    private Outgoing pendingCheckpoint;
    private long lastSize = -1;
    private Instant lastMadeAt;
    private Instant lastTime;
    private int failures;
    private long retryAt = System.nanoTime();
    private String failureState;

    /** A signed checkpoint waiting for its upload: its key, its time, its size and the clock when it was made. */
    private record Outgoing(String key, Instant time, long size, Instant madeAt) {
    }

    CheckpointPublisher(Chain chain, SigningKey key, ChainKeys chainKeys, ObjectKeys keys, ObjectStore store,
                        DeclaredGaps gaps, Clock clock, Duration interval, Backoff backoff, ShipperListener listener,
                        Path integrityDir, boolean md5) {
        this.chain = chain;
        this.key = key;
        this.chainKeys = chainKeys;
        this.keys = keys;
        this.store = store;
        this.gaps = gaps;
        this.clock = clock;
        this.interval = interval;
        this.backoff = backoff;
        this.listener = listener;
        this.outgoing = integrityDir.resolve(OUTGOING_FILE);
        this.md5 = md5;
        this.lastTime = lastSigned(outgoing);
    }

    /**
     * The last millisecond the last checkpoint signed (by an earlier run) may have had: the last of
     * its cosigned second. Null when none was signed, or the file is unreadable (logged).
     */
    private static Instant lastSigned(Path outgoing) {
        try {
            return SignedCheckpoint.parse(Files.readAllBytes(outgoing)).time().plusMillis(999);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | SignedNote.NoteFormatException e) {
            LOG.warn("The last checkpoint signed, '{}', cannot be read ({}); checkpoints are dated by the clock alone",
                    outgoing, e.toString());
            return null;
        }
    }

    @Override
    public void run() {
        while (!isClosed()) {
            if (System.nanoTime() - retryAt >= 0) {
                step();
            }
            try {
                await();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Uploads what is pending, then publishes if due; a failure of the first does not hold back the second. */
    private void step() {
        boolean recordsUploaded = attempt(this::uploadRecords);
        if (attempt(this::publishIfDue) && recordsUploaded) {
            succeeded();
        }
    }

    /** One part of a step. */
    @FunctionalInterface
    private interface Part {
        void run() throws IOException;
    }

    private boolean attempt(Part part) {
        try {
            part.run();
            return true;
        } catch (SigningFailure e) {
            listener.signingFailed();
            failed(e, false);
        } catch (StoreException e) {
            listener.failed(e.kind().reason());
            failed(e, e.permanent());
        } catch (IOException | RuntimeException e) {
            listener.failed(StoreException.Kind.LOCAL.reason());
            failed(e, false);
        }
        return false;
    }

    private void uploadRecords() throws IOException {
        for (Optional<Record> next = chain.nextForPublisher(); next.isPresent() && !isClosed();
                next = chain.nextForPublisher()) {
            Record r = next.get();
            store.put(r.upload(keys, md5));
            if (r.isGap()) {
                gaps.uploaded(r.manifest().gap().id(), () -> chain.uploaded(r));
            } else {
                chain.uploaded(r);
            }
            LOG.debug("Chain record {} uploaded as '{}'", r.seq(), keys.withPrefix(r.relativeObjectKey(chainKeys)));
        }
    }

    private void publishIfDue() throws IOException {
        if (pendingCheckpoint == null) {
            long size = chain.uploadedPrefix();
            Instant now = clock.instant();
            boolean due = lastMadeAt == null || size > lastSize || !now.isBefore(lastMadeAt.plus(interval))
                    || now.isBefore(lastMadeAt);   // the clock went back: publish now rather than wait for it
            if (!due) {
                return;
            }
            byte[] root = chain.checkpointRoot(size);
            Instant time = nextTime(now);
            byte[] bytes;
            try {
                bytes = SignedCheckpoint.create(chainKeys.origin(), size, root, time, key);
            } catch (IllegalStateException e) {
                throw new SigningFailure("Signing of the checkpoint of " + size + " records failed: " + e.getMessage(), e);
            }
            DurableFiles.replace(outgoing, bytes);
            pendingCheckpoint = new Outgoing(keys.withPrefix(chainKeys.checkpointKey(time, size)), time, size, now);
        }
        upload(pendingCheckpoint);
    }

    /** The clock's time in milliseconds, or a millisecond after the last checkpoint's when that is not later. */
    private Instant nextTime(Instant now) {
        Instant t = now.truncatedTo(ChronoUnit.MILLIS);
        if (lastTime != null && !t.isAfter(lastTime)) {
            t = lastTime.plusMillis(1);
        }
        lastTime = t;
        return t;
    }

    private void upload(Outgoing c) throws IOException {
        try {
            store.put(new Upload(c.key(), outgoing, SegmentDigest.of(outgoing, md5), c.time()));
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.CONFLICT || e.kind() == StoreException.Kind.CORRUPTED) {
                pendingCheckpoint = null;   // the key holds other bytes: the next checkpoint takes a later millisecond
                listener.failed(e.kind().reason());
                LOG.warn("Checkpoint key '{}' is taken by another object; publishing under the next: {}", c.key(),
                        e.getMessage());
                return;
            }
            throw e;
        }
        pendingCheckpoint = null;
        boolean first = lastMadeAt == null;
        lastSize = c.size();
        lastMadeAt = c.madeAt();
        listener.checkpointPublished(c.size(), c.time());
        if (first) {
            LOG.info("Checkpoint of the chain '{}' at {} records published as '{}'", chainKeys.origin(), c.size(),
                    c.key());
        } else {
            LOG.debug("Checkpoint at {} records published as '{}'", c.size(), c.key());
        }
    }

    private void failed(Exception e, boolean permanent) {
        failures++;
        double random = ThreadLocalRandom.current().nextDouble();
        Duration wait = permanent ? backoff.slowPace(random) : backoff.delay(failures, random);
        retryAt = System.nanoTime() + wait.toNanos();
        String state = e.getClass().getName();
        if (state.equals(failureState)) {
            LOG.debug("Publishing the chain '{}' failed again: {}", chainKeys.origin(), e.getMessage());
            return;
        }
        failureState = state;
        LOG.warn("Publishing the chain '{}' to '{}' fails, retrying in {} ms: {}", chainKeys.origin(), store.describe(),
                wait.toMillis(), e.getMessage());
    }

    private void succeeded() {
        if (failureState != null) {
            LOG.info("Publishing the chain '{}' works again after {} failed attempts", chainKeys.origin(), failures);
            failureState = null;
        }
        failures = 0;
    }

    /** Something changed (a record uploaded): look at once. */
    synchronized void wake() {
        woken = true;
        notifyAll();
    }

    private synchronized void await() throws InterruptedException {
        if (!closed && !woken) {
            wait(POLL_MILLIS);
        }
        woken = false;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
