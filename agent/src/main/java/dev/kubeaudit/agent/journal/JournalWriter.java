package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.FaultPoint;
import dev.kubeaudit.agent.config.AgentConfig.SyncMode;
import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink.Appended;
import dev.kubeaudit.agent.ingest.SinkUnavailableException;
import dev.kubeaudit.agent.lifecycle.CoreThread;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The one thread that appends to the journal. Callers enqueue requests (many producers, one
 * consumer); the thread takes everything queued, appends it in order and, with sync ALWAYS,
 * forces the touched cycle files to disk once for the whole group before completing any of its
 * futures (group commit); with NONE each future completes right after its append. The force is an
 * fsync of the cycle file, which on Linux also writes back the pages Chronicle wrote through its
 * memory mapping; the directory is forced too the first time a file is seen. A {@link ReadAhead}
 * keeps the pages ahead of the written end in the page cache, so that the mapping's faults do not
 * zero-fill them on this thread.
 *
 * <p>A document becomes readable by the journal's consumers ({@link JournalState#readable}) only
 * when its batch is acknowledged: right after its append with NONE, after the group's force with
 * ALWAYS. So nothing reaches audit.log whose acknowledgement could still fail.
 *
 * <p>Failures. A batch refused before its document is committed (too large, a write error inside
 * the document) fails alone and its digest is released. Anything after a commit (a failed force, an
 * error in the bookkeeping, an Error, an interrupt) is fatal to the journal: every batch not yet
 * answered, and every later one, gets {@link SinkUnavailableException} (503); no digest of an
 * appended batch is released, so a re-sent batch is never appended twice; the failure goes to
 * {@link FatalFailures}. After a failed fsync the state of the page cache is unknown: only a
 * restart (which recovers from what is on disk) may append again.
 *
 * <p>Thread-safe: {@link #submit} from any thread; everything else runs on the journal thread.
 */
final class JournalWriter implements Closeable {
    static final String THREAD_NAME = "journal-writer";

    record Request(Batch batch, CompletableFuture<Appended> done) {
    }

    private record Written(Request request, long index, long acceptMillis) {
    }

    /** Forces a cycle file's content to disk; tests replace it to hold or fail the force. */
    interface Force {
        Force FSYNC = DurableFiles::forceContent;

        void force(FileChannel channel, Path file) throws IOException;
    }

    private static final Request STOP = new Request(null, null);

    private final JournalState state;
    private final SingleChronicleQueue queue;
    private final Clock clock;
    private final SyncMode sync;
    private final long maxDocumentBytes;
    private final JournalListener listener;
    private final FatalFailures fatal;
    private final Force force;
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private final Thread thread;
    private final Set<File> touched = new LinkedHashSet<>();
    private final ReadAhead readAhead = new ReadAhead();
    private boolean closed;
    private volatile Throwable failure;
    private File forcedFile;
    /** Where the last document appended ends in its cycle file; -1 before the first. */
    private long writtenEnd = -1;
    private FileChannel forcedChannel;

    /** What the writer updates once a batch is in: kept by {@link Journal}. */
    interface JournalState {
        DigestWindow window();

        Backlog backlog();

        CycleFiles files();

        Path dir();

        /** Documents up to {@code index} are acknowledged and may be read by consumers. */
        void readable(long index);
    }

    JournalWriter(JournalState state, SingleChronicleQueue queue, Clock clock, SyncMode sync,
                  long maxDocumentBytes, JournalListener listener, FatalFailures fatal, Force force) {
        this.state = state;
        this.queue = queue;
        this.clock = clock;
        this.sync = sync;
        this.maxDocumentBytes = maxDocumentBytes;
        this.listener = listener;
        this.fatal = fatal;
        this.force = force;
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    void start() {
        readAhead.start();
        thread.start();
    }

    /** Queues a request; throws {@link SinkUnavailableException} once closed or failed. */
    void submit(Request request) {
        synchronized (lifecycle) {
            if (failure != null) {
                throw failedException();
            }
            if (closed) {
                throw new SinkUnavailableException("journal at " + state.dir() + " is closed");
            }
            requests.add(request);
        }
    }

    /** Why the journal failed for good, or null while it works. */
    Throwable failure() {
        return failure;
    }

    SinkUnavailableException failedException() {
        return new SinkUnavailableException("journal at " + state.dir() + " failed and takes no batches until the"
                + " agent restarts: " + failure, failure);
    }

    /** Appends what is already queued, then stops the thread; idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            requests.add(STOP);
        }
        CoreThread.awaitEnd(thread);
        failAll(requests, new SinkUnavailableException("journal at " + state.dir() + " is closed"));
        readAhead.close();
    }

    private void run() {
        List<Request> group = new ArrayList<>();
        try (ExcerptAppender appender = queue.createAppender()) {
            boolean stop = false;
            while (!stop) {
                group.clear();
                group.add(requests.take());
                requests.drainTo(group);
                stop = group.remove(STOP);
                process(appender, group);
            }
        } catch (Throwable t) {
            die(t, group);
        } finally {
            closeChannel();
        }
    }

    /** The journal can take nothing more: answer everything waiting, and report. */
    private void die(Throwable t, List<Request> group) {
        synchronized (lifecycle) {
            failure = t;
            closed = true;
        }
        listener.failure("journal thread of " + state.dir(), t instanceof Exception e ? e : new RuntimeException(t));
        fatal.report(THREAD_NAME, t);
        SinkUnavailableException unavailable = failedException();
        failAll(group, unavailable);
        failAll(requests, unavailable);
    }

    private void process(ExcerptAppender appender, List<Request> group) throws IOException {
        processGroup(appender, group);
        if (writtenEnd >= 0) {
            readAhead.wrote(appender.currentFile(), writtenEnd);
        }
    }

    private void processGroup(ExcerptAppender appender, List<Request> group) throws IOException {
        List<Written> written = new ArrayList<>(group.size());
        for (Request request : group) {
            Written w = append(appender, request);
            if (w == null) {
                continue;
            }
            if (sync == SyncMode.ALWAYS) {
                written.add(w);
            } else {
                state.readable(w.index());
                complete(w);
            }
        }
        if (!written.isEmpty()) {
            long start = System.nanoTime();
            force();
            listener.synced(System.nanoTime() - start, written.size());
            state.readable(written.get(written.size() - 1).index());
            written.forEach(this::complete);
        }
    }

    /** Appends one batch; null when it was refused before its document was committed. */
    private Written append(ExcerptAppender appender, Request request) {
        Batch batch = request.batch();
        long size = JournalDocument.encodedSize(batch);
        if (size > maxDocumentBytes) {
            refuse(request, new IllegalArgumentException("batch of " + size + " bytes is over the journal's document"
                    + " limit of " + maxDocumentBytes + " bytes"));
            return null;
        }
        Backlog backlog = state.backlog();
        long acceptMillis = clock.millis();
        long events = backlog.lastEvents() + batch.size();
        long bytes = backlog.lastBytes() + batch.itemBytes();
        long end = -1;
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                JournalDocument.write(dc.wire().bytes(), batch, acceptMillis, events, bytes);
                end = dc.wire().bytes().writePosition();
            } catch (RuntimeException e) {
                dc.rollbackOnClose();
                refuse(request, e);
            }
        }
        if (end < 0) {
            return null;
        }
        // Committed: from here on a failure is the journal's, never the batch's alone.
        FaultPoint.error(FaultPoint.JOURNAL_THREAD);
        long index = appender.lastIndexAppended();
        backlog.appended(index, events, bytes);
        state.files().extent(appender.cycle(), end);
        writtenEnd = end;
        if (sync == SyncMode.ALWAYS) {
            touched.add(appender.currentFile());
        }
        listener.appended(batch.size(), batch.itemBytes());
        return new Written(request, index, acceptMillis);
    }

    private void complete(Written w) {
        state.window().stored(w.request().batch().digest(), w.acceptMillis());
        w.request().done().complete(Appended.STORED);
    }

    /** The batch is not in the journal: the next identical one may append itself. */
    private void refuse(Request request, Exception e) {
        listener.failure("append to " + state.dir(), e);
        state.window().released(request.batch().digest());
        request.done().completeExceptionally(e);
    }

    /** Answers requests that may be in the journal without releasing their digests. */
    private static void failAll(Iterable<Request> pending, Throwable cause) {
        for (Request request : pending) {
            if (request != STOP && !request.done().isDone()) {
                request.done().completeExceptionally(cause);
            }
        }
    }

    private void force() throws IOException {
        FaultPoint.ioFailure(FaultPoint.JOURNAL_FORCE);
        for (File file : touched) {
            if (!file.equals(forcedFile)) {
                closeChannel();
                forcedChannel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE);
                forcedFile = file;
                DurableFiles.forceDirectory(state.dir());
            }
            force.force(forcedChannel, file.toPath());
        }
        touched.clear();
    }

    private void closeChannel() {
        if (forcedChannel == null) {
            return;
        }
        try {
            forcedChannel.close();
        } catch (IOException e) {
            listener.failure("close " + forcedFile, e);
        }
        forcedChannel = null;
        forcedFile = null;
    }
}
