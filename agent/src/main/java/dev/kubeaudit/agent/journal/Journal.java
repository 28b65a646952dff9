package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink;
import dev.kubeaudit.agent.ingest.SinkUnavailableException;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The durable journal: a Chronicle Queue in {@code journal.dir} holding one document per accepted
 * batch (see {@link JournalDocument} for the format), rolled hourly on the injected clock so that
 * consumed hours can be deleted. One journal thread appends ({@link JournalWriter}); a batch whose
 * body digest was stored within {@code journal.dedupWindow} is answered DUPLICATE without being
 * appended, also across restarts (the window is rebuilt from the newest documents at open).
 * {@link #refusal()} says JOURNAL_FULL while unconsumed item bytes exceed {@code maxDiskBytes} and
 * DISK_LOW while the file store has less than {@code minFreeBytes} usable. The consumed position
 * and each named tailer's position are kept in the queue's metadata file, so the backlog is known
 * right after a restart.
 *
 * <p>Consumers. The log writer consumes through {@link #tailer} and {@link JournalTailer#consumed}.
 * Other consumers (forwarding destinations) are registered by name when the journal opens
 * ({@link ConsumerSettings}; see {@link Consumers} for new and dropped names) and read through
 * {@link #consumer}, each with its own committed position. A cycle file is deleted only when the
 * log writer and every registered consumer are past it (and it is older than the de-duplication
 * window). JOURNAL_FULL counts the backlog of the log writer and of the {@link
 * ConsumerSettings.Overflow#BLOCK blocking} consumers only (a blocking one also past its own
 * bound); a {@link ConsumerSettings.Overflow#SKIP skipping} consumer past its bound is skipped
 * ahead ({@link #skipAhead}) whenever the log writer's position moves, so neither its backlog nor
 * the files it pins grow much past its bound. With no consumer registered the journal behaves as
 * the log writer's alone.
 *
 * <p>Consumers read only acknowledged documents ({@link #readableIndex()}; see {@link JournalWriter}).
 * With sync ALWAYS the cycle files found at open are forced before anything in them is readable,
 * so a document written before a crash but never forced cannot reach audit.log ahead of the disk.
 * A journal whose thread died or whose force failed stays failed ({@link #failure()}): appends are
 * answered with {@link SinkUnavailableException} until a restart.
 *
 * <p>Thread-safe: append, refusal and the gauges from any thread; each {@link JournalTailer}
 * belongs to the thread that created it; close is idempotent.
 */
public final class Journal implements BatchSink, Closeable {
    /** Hourly cycles with room for many documents per hour. */
    static final RollCycle ROLL_CYCLE = LargeRollCycles.LARGE_HOURLY;
    /** Chronicle maps files in blocks of this size; one document may take a quarter of it (see {@link DocumentLimit}). */
    static final long BLOCK_SIZE = 512L << 20;
    static final String CONSUMED_INDEX = "kubeaudit.consumed.index";
    static final String CONSUMED_EVENTS = "kubeaudit.consumed.events";
    static final String CONSUMED_BYTES = "kubeaudit.consumed.bytes";
    private static final String METADATA_FILE = "metadata.cq4t";

    private final AgentConfig.Journal settings;
    private final Clock clock;
    private final JournalListener listener;
    private final SingleChronicleQueue queue;
    private final DigestWindow window;
    private final Backlog backlog = new Backlog();
    private final CycleFiles files;
    private final DiskSpace disk;
    private final JournalWriter writer;
    private final List<ConsumerSettings> registered;
    /** Set once by {@link #recover()} before the journal is handed out. */
    private volatile Consumers consumers;
    private final ConsumerBounds bounds;
    private final Object consumeLock = new Object();
    /**
     * The oldest cycle still needed when a consumer's commit last looked for files to delete; under
     * consumeLock. A commit that leaves it unchanged frees no file: the writer's own releases
     * (about once a second) catch files the de-duplication window frees as time passes.
     */
    private int cycleCheckedOnCommit = Integer.MIN_VALUE;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long readableIndex = -1;
    /** The consumed index whose next document's accept time {@link #backlogAge} read last; under consumeLock. */
    private long agedAfterIndex = Long.MIN_VALUE;
    private long oldestAcceptMillis;
    /** Consumer threads parked in {@link #awaitReadableAfter}; woken whenever documents become readable. */
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

    private Journal(AgentConfig.Journal settings, Clock clock, JournalListener listener,
                    SingleChronicleQueue queue, long blockSize, FatalFailures fatal,
                    JournalWriter.Force force, List<ConsumerSettings> registered) throws IOException {
        this.settings = settings;
        this.registered = registered;
        this.clock = clock;
        this.listener = listener;
        this.queue = queue;
        this.window = new DigestWindow(settings.dedupWindow().toMillis());
        this.files = new CycleFiles(settings.dir(), ROLL_CYCLE);
        this.disk = new DiskSpace(settings.dir(), listener);
        this.bounds = new ConsumerBounds(queue, backlog, clock, listener, () -> readableIndex, this::acceptMillisAfter);
        JournalWriter.JournalState state = new JournalWriter.JournalState() {
            public DigestWindow window() {
                return window;
            }

            public Backlog backlog() {
                return backlog;
            }

            public CycleFiles files() {
                return files;
            }

            public Path dir() {
                return settings.dir();
            }

            public void readable(long index) {
                readableIndex = index;
                for (Thread t : waiting) {
                    LockSupport.unpark(t);
                }
            }
        };
        this.writer = new JournalWriter(state, queue, clock, settings.sync(), DocumentLimit.of(blockSize), listener,
                fatal, force);
    }

    /** Opens (creating with mode 0700 if needed) the journal in {@code settings.dir()}. */
    public static Journal open(AgentConfig.Journal settings, Clock clock, JournalListener listener) throws IOException {
        return open(settings, clock, listener, FatalFailures.NONE);
    }

    /** As above; a failure that ends the journal (see {@link JournalWriter}) is also reported to {@code fatal}. */
    public static Journal open(AgentConfig.Journal settings, Clock clock, JournalListener listener, FatalFailures fatal)
            throws IOException {
        return open(settings, clock, listener, fatal, List.of());
    }

    /**
     * As above, with the consumers besides the log writer that the configuration names: their
     * positions are restored (new names start at the journal's end) and every other consumer's
     * position is dropped.
     */
    public static Journal open(AgentConfig.Journal settings, Clock clock, JournalListener listener, FatalFailures fatal,
                               List<ConsumerSettings> consumers) throws IOException {
        return open(settings, clock, listener, BLOCK_SIZE, fatal, JournalWriter.Force.FSYNC, consumers);
    }

    static Journal open(AgentConfig.Journal settings, Clock clock, JournalListener listener, long blockSize)
            throws IOException {
        return open(settings, clock, listener, blockSize, FatalFailures.NONE, JournalWriter.Force.FSYNC);
    }

    static Journal open(AgentConfig.Journal settings, Clock clock, JournalListener listener, long blockSize,
                        FatalFailures fatal, JournalWriter.Force force) throws IOException {
        return open(settings, clock, listener, blockSize, fatal, force, List.of());
    }

    static Journal open(AgentConfig.Journal settings, Clock clock, JournalListener listener, long blockSize,
                        FatalFailures fatal, JournalWriter.Force force, List<ConsumerSettings> consumers)
            throws IOException {
        List<ConsumerSettings> registered = List.copyOf(Objects.requireNonNull(consumers, "consumers"));
        Objects.requireNonNull(fatal, "fatal");
        Objects.requireNonNull(force, "force");
        validate(settings);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        DurableFiles.createPrivateDirectories(settings.dir());
        SingleChronicleQueue queue;
        try {
            queue = queueBuilder(settings.dir(), clock, blockSize).storeFileListener(PrivateFiles.LISTENER).build();
            PrivateFiles.restrict(settings.dir());
        } catch (RuntimeException e) {
            throw new IOException("Opening journal at " + settings.dir() + " failed", e);
        }
        try {
            Journal journal = new Journal(settings, clock, listener, queue, blockSize, fatal, force, registered);
            journal.recover();
            journal.writer.start();
            return journal;
        } catch (IOException | RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** The queue as the journal opens it; tests use it to write documents by hand. */
    static SingleChronicleQueueBuilder queueBuilder(Path dir, Clock clock, long blockSize) {
        return SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(ROLL_CYCLE)
                .blockSize(blockSize)
                .timeProvider(clock::millis);
    }

    @Override
    public Refusal refusal() {
        if (backlog.bytes() > settings.maxDiskBytes()
                || (!consumers.isEmpty() && consumers.blockingPastBound(backlog.lastBytes(), settings.maxDiskBytes()))) {
            return Refusal.JOURNAL_FULL;
        }
        if (disk.usableBytes() < settings.minFreeBytes()) {
            return Refusal.DISK_LOW;
        }
        return null;
    }

    @Override
    public CompletableFuture<Appended> append(Batch batch) {
        Objects.requireNonNull(batch, "batch");
        if (writer.failure() != null) {
            return CompletableFuture.failedFuture(writer.failedException());
        }
        DigestWindow.Claim claim = window.claim(batch.digest(), clock.millis());
        switch (claim.kind()) {
            case DUPLICATE:
                listener.duplicate();
                return CompletableFuture.completedFuture(Appended.DUPLICATE);
            case WAIT:
                return claim.future()
                        .handle((stored, failure) -> failure == null)
                        .thenCompose(firstStored -> firstStored ? duplicate() : append(batch));
            default:
                try {
                    writer.submit(new JournalWriter.Request(batch, claim.future()));
                } catch (SinkUnavailableException e) {
                    window.released(batch.digest());
                    claim.future().completeExceptionally(e);
                }
                return claim.future();
        }
    }

    private CompletableFuture<Appended> duplicate() {
        listener.duplicate();
        return CompletableFuture.completedFuture(Appended.DUPLICATE);
    }

    /**
     * A reader whose position (the last entry {@link JournalTailer#next()} returned) survives
     * restarts under {@code name}. Create it on the thread that will use it.
     */
    public JournalTailer tailer(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tailer name: '" + name + "' (expected: a non-blank name)");
        }
        if (closed.get()) {
            throw new IllegalStateException("journal at " + settings.dir() + " is closed");
        }
        return new ChronicleTailer(this, queue, ChronicleTailer.POSITION_PREFIX + name, this::consumed);
    }

    /**
     * The reader of the consumer registered at open under {@code name}, right after its committed
     * position. Create it on the thread that will use it; IllegalArgumentException for a name not
     * registered.
     */
    public JournalConsumer consumer(String name) {
        ConsumerPosition position = consumers.get(name);
        if (closed.get()) {
            throw new IllegalStateException("journal at " + settings.dir() + " is closed");
        }
        return new JournalConsumer(position, new ChronicleTailer(this, queue, null,
                (index, events, bytes) -> committed(position, index, events, bytes)));
    }

    /** Names of the consumers registered at open, in their order. */
    public List<String> consumerNames() {
        return consumers.all().stream().map(ConsumerPosition::name).toList();
    }

    /**
     * The backlog of the consumer registered as {@code name}: events and bytes in O(1), the age
     * reading one batch header once per position (remembered until the position moves).
     */
    public ConsumerBacklog consumerBacklog(String name) {
        ConsumerPosition position = consumers.get(name);
        long lastEvents = backlog.lastEvents();
        long lastBytes = backlog.lastBytes();
        long events = Math.max(0, lastEvents - position.events());
        long bytes = Math.max(0, lastBytes - position.bytes());
        if (events == 0 && bytes == 0) {
            return new ConsumerBacklog(0, 0, Duration.ZERO);
        }
        synchronized (consumeLock) {
            return new ConsumerBacklog(events, bytes, closed.get() ? Duration.ZERO : bounds.age(position));
        }
    }

    /**
     * Declares the consumer {@code name} behind when its backlog is past its bound: moves its
     * position forward, past whole batches, to right before the oldest acknowledged batch from
     * which on the backlog is within {@code maxBacklogBytes} and no batch is older than {@code
     * maxBacklogAge}; keeps the new position in the metadata; reports the skip to the listener and
     * returns exactly what it passed over of the entries the consumer had not been handed yet
     * (those it holds, read and not committed, it delivers or counts itself: see {@link
     * JournalConsumer}), so that no event is counted as both skipped and delivered. The first
     * skip starts a behind episode ({@link JournalListener#consumerSkipped}), which lasts until a
     * commit leaves the backlog within half of its bound, so that a consumer slower than the
     * traffic is logged once, not at every skip. A batch larger than the bound is skipped whole;
     * an unacknowledged one never. A consumer within its bound, unbounded or {@link
     * ConsumerSettings.Overflow#BLOCK blocking} is never moved: {@link Skipped#NONE}. The journal
     * calls this itself for every registered consumer whenever the log writer's position moves
     * (about once a second while batches arrive); a destination with an age bound may call it too,
     * e.g. before each send, since nothing moves while nothing arrives. Thread-safe.
     */
    public Skipped skipAhead(String name) {
        ConsumerPosition position = consumers.get(name);
        synchronized (consumeLock) {
            if (closed.get()) {
                throw new IllegalStateException("journal at " + settings.dir() + " is closed");
            }
            return bounds.skipAhead(position);
        }
    }

    /** Events appended but not yet consumed. */
    public long backlogEvents() {
        return backlog.events();
    }

    /** Item bytes appended but not yet consumed. */
    public long backlogBytes() {
        return backlog.bytes();
    }

    /**
     * How long the oldest batch not yet consumed has waited since it was accepted (by the clock),
     * zero when none waits. Reads that batch's header once per consumed position (the answer is
     * remembered until the position moves), so a scrape of a stalled writer reads nothing.
     */
    public Duration backlogAge() {
        if (backlog.events() == 0 && backlog.bytes() == 0) {
            return Duration.ZERO;
        }
        synchronized (consumeLock) {
            if (closed.get()) {
                return Duration.ZERO;
            }
            long consumed = backlog.consumedIndex();
            if (consumed != agedAfterIndex) {
                long accepted = acceptMillisAfter(consumed);
                if (accepted == Long.MIN_VALUE) {
                    return Duration.ZERO;
                }
                oldestAcceptMillis = accepted;
                agedAfterIndex = consumed;
            }
            return Duration.ofMillis(Math.max(0, clock.millis() - oldestAcceptMillis));
        }
    }

    /** The accept time of the first document after {@code consumed} (-1: none consumed), or MIN_VALUE when none. */
    private long acceptMillisAfter(long consumed) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (consumed < 0) {
                tailer.toStart();
            } else if (tailer.moveToIndex(consumed)) {
                try (DocumentContext skipped = tailer.readingDocument()) {
                    if (!skipped.isPresent()) {
                        return Long.MIN_VALUE;
                    }
                }
            } else {
                return Long.MIN_VALUE;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                return dc.isPresent() ? JournalDocument.readHeader(dc.wire().bytes(), dc.index()).acceptMillis()
                        : Long.MIN_VALUE;
            }
        }
    }

    /** Bytes the journal's files use (see {@link CycleFiles}). */
    public long diskBytes() {
        return files.diskBytes();
    }

    /** Index of the newest document, -1 when the journal is empty. */
    public long lastIndex() {
        return backlog.lastIndex();
    }

    /** Index of the newest acknowledged document, the last one consumers may read; -1 when none. */
    long readableIndex() {
        return readableIndex;
    }

    /**
     * Parks the calling thread until a document after {@code index} becomes readable, for at most
     * {@code maxNanos}; returns at once when one already is. {@code index} {@link Long#MIN_VALUE}
     * (position not known) waits for the next document to become readable. May return early.
     */
    void awaitReadableAfter(long index, long maxNanos) {
        Thread me = Thread.currentThread();
        waiting.add(me);
        try {
            if (index == Long.MIN_VALUE || readableIndex <= index) {
                LockSupport.parkNanos(this, maxNanos);
            }
        } finally {
            waiting.remove(me);
        }
    }

    /** Why the journal failed for good (its thread died, a force failed), or null while it works. */
    public Throwable failure() {
        return writer.failure();
    }

    /** Called by a tailer with the cumulative counts of the document at {@code index}. */
    void consumed(long index, long cumulativeEvents, long cumulativeBytes) {
        synchronized (consumeLock) {
            if (closed.get()) {
                throw new IllegalStateException("journal at " + settings.dir() + " is closed");
            }
            if (!backlog.consumed(index, cumulativeEvents, cumulativeBytes)) {
                return;
            }
            queue.tableStorePut(CONSUMED_EVENTS, cumulativeEvents);
            queue.tableStorePut(CONSUMED_BYTES, cumulativeBytes);
            queue.tableStorePut(CONSUMED_INDEX, index);
            if (consumers.isEmpty()) {
                deleteExpiredCycles(ROLL_CYCLE.toCycle(index));
                return;
            }
            for (ConsumerPosition position : consumers.all()) {
                bounds.check(position);
            }
            deleteExpiredCycles(Math.min(ROLL_CYCLE.toCycle(index), consumers.oldestCycle(ROLL_CYCLE)));
        }
    }

    /** Called by a registered consumer's tailer with the cumulative counts of the document at {@code index}. */
    private void committed(ConsumerPosition position, long index, long cumulativeEvents, long cumulativeBytes) {
        synchronized (consumeLock) {
            if (closed.get()) {
                throw new IllegalStateException("journal at " + settings.dir() + " is closed");
            }
            if (!position.committed(index, cumulativeEvents, cumulativeBytes)) {
                return;
            }
            Consumers.persist(queue, position);
            if (position.settings().blocks()) {
                bounds.check(position);
            } else if (position.behind() && bounds.withinHalf(position)) {
                position.endEpisode();
            }
            long writerIndex = backlog.consumedIndex();
            if (writerIndex >= 0) {
                int needed = Math.min(ROLL_CYCLE.toCycle(writerIndex), consumers.oldestCycle(ROLL_CYCLE));
                if (needed != cycleCheckedOnCommit) {
                    cycleCheckedOnCommit = needed;
                    deleteExpiredCycles(needed);
                }
            }
        }
    }

    private void deleteExpiredCycles(int consumedCycle) {
        long windowStart = clock.millis() - settings.dedupWindow().toMillis();
        List<Integer> cycles;
        try {
            cycles = files.deletable(consumedCycle, queue.cycle(), windowStart);
        } catch (IOException e) {
            listener.failure("list " + settings.dir(), e);
            return;
        }
        for (int cycle : cycles) {
            Path file = files.fileOf(cycle);
            try {
                Files.deleteIfExists(file);
                files.forget(cycle);
                listener.cycleDeleted(file);
            } catch (IOException e) {
                listener.failure("delete " + file, e);
            }
        }
        if (!cycles.isEmpty()) {
            queue.refreshDirectoryListing();
        }
    }

    /** False once closed or failed. */
    public boolean isOpen() {
        return !closed.get() && writer.failure() == null;
    }

    /** Finishes the queued appends, stops the journal thread and closes the queue; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close();
        synchronized (consumeLock) {
            queue.close();
        }
    }

    private void recover() throws IOException {
        Path metadata = settings.dir().resolve(METADATA_FILE);
        files.metadataBytes(Files.exists(metadata) ? Files.size(metadata) : 0);
        if (queue.lastIndex() >= 0) {
            recoverNewest();
        }
        long consumed = queue.tableStoreGet(CONSUMED_INDEX);
        if (consumed != Long.MIN_VALUE && consumed > backlog.lastIndex()) {
            // The metadata survived a loss of the journal's tail: nothing past the end is consumed.
            consumed = backlog.lastIndex();
            backlog.consumed(consumed, backlog.lastEvents(), backlog.lastBytes());
        } else if (consumed != Long.MIN_VALUE) {
            backlog.consumed(consumed, queue.tableStoreGet(CONSUMED_EVENTS), queue.tableStoreGet(CONSUMED_BYTES));
        }
        consumers = Consumers.recover(queue, backlog, registered, listener);
        recoverExtents();
        if (settings.sync() == AgentConfig.SyncMode.ALWAYS) {
            forceCycleFiles();
        }
        readableIndex = backlog.lastIndex();
    }

    /** Forces what an earlier run may have left unforced, before any of it becomes readable. */
    private void forceCycleFiles() throws IOException {
        for (int cycle : files.cycles()) {
            Path file = files.fileOf(cycle);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                DurableFiles.forceContent(channel, file);
            }
        }
        DurableFiles.forceDirectory(settings.dir());
    }

    /** Checks the newest document, takes its counts and rebuilds the de-duplication window. */
    private void recoverNewest() {
        long windowStart = clock.millis() - settings.dedupWindow().toMillis();
        List<JournalDocument.Header> recent = new ArrayList<>();
        try (ExcerptTailer back = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd()) {
            boolean newest = true;
            for (boolean more = true; more; newest = false) {
                try (DocumentContext dc = back.readingDocument()) {
                    more = dc.isPresent();
                    if (more) {
                        JournalDocument.Header header = JournalDocument.readHeader(dc.wire().bytes(), dc.index());
                        if (newest) {
                            backlog.appended(header.index(), header.cumulativeEvents(), header.cumulativeBytes());
                        }
                        more = header.acceptMillis() > windowStart;
                        if (more) {
                            recent.add(header);
                        }
                    }
                }
            }
        }
        for (int i = recent.size() - 1; i >= 0; i--) {
            window.restore(recent.get(i).digest(), recent.get(i).acceptMillis());
        }
    }

    private void recoverExtents() throws IOException {
        try (ExcerptTailer tailer = queue.createTailer()) {
            for (int cycle : files.cycles()) {
                long count = tailer.excerptsInCycle(cycle);
                if (count > 0 && tailer.moveToIndex(ROLL_CYCLE.toIndex(cycle, count - 1))) {
                    try (DocumentContext dc = tailer.readingDocument()) {
                        files.extent(cycle, dc.isPresent() ? dc.wire().bytes().readLimit() : 0);
                    }
                }
            }
        }
    }

    private static void validate(AgentConfig.Journal settings) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(settings.dir(), "journal.dir");
        Objects.requireNonNull(settings.sync(), "journal.sync");
        Objects.requireNonNull(settings.dedupWindow(), "journal.dedupWindow");
        if (settings.maxDiskBytes() <= 0) {
            throw new IllegalArgumentException("journal.maxDiskBytes: " + settings.maxDiskBytes() + " (expected: > 0)");
        }
        if (settings.minFreeBytes() < 0) {
            throw new IllegalArgumentException("journal.minFreeBytes: " + settings.minFreeBytes() + " (expected: >= 0)");
        }
        if (settings.dedupWindow().isNegative()) {
            throw new IllegalArgumentException("journal.dedupWindow: " + settings.dedupWindow() + " (expected: >= 0)");
        }
    }
}
