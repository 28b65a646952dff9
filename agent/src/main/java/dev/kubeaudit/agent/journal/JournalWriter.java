package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.config.AgentConfig.SyncMode;
import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink.Appended;
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
 * memory mapping; the directory is forced too the first time a file is seen. Thread-safe:
 * {@link #submit} from any thread; everything else runs on the journal thread.
 */
final class JournalWriter implements Closeable {
    record Request(Batch batch, CompletableFuture<Appended> done) {
    }

    private record Written(Request request, long acceptMillis) {
    }

    private static final Request STOP = new Request(null, null);

    private final JournalState state;
    private final SingleChronicleQueue queue;
    private final Clock clock;
    private final SyncMode sync;
    private final long maxDocumentBytes;
    private final JournalListener listener;
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private final Thread thread;
    private final Set<File> touched = new LinkedHashSet<>();
    private boolean closed;
    private File forcedFile;
    private FileChannel forcedChannel;

    /** What the writer updates once a batch is in: kept by {@link Journal}. */
    interface JournalState {
        DigestWindow window();

        Backlog backlog();

        CycleFiles files();

        Path dir();
    }

    JournalWriter(JournalState state, SingleChronicleQueue queue, Clock clock, SyncMode sync,
                  long maxDocumentBytes, JournalListener listener) {
        this.state = state;
        this.queue = queue;
        this.clock = clock;
        this.sync = sync;
        this.maxDocumentBytes = maxDocumentBytes;
        this.listener = listener;
        this.thread = new Thread(this::run, "journal-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a request; throws IllegalStateException once closed. */
    void submit(Request request) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("journal at " + state.dir() + " is closed");
            }
            requests.add(request);
        }
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
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        failAll(requests, new IllegalStateException("journal at " + state.dir() + " is closed"));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.failure("journal thread of " + state.dir() + " interrupted", e);
        } catch (RuntimeException | Error e) {
            synchronized (lifecycle) {
                closed = true;
            }
            listener.failure("journal thread of " + state.dir(), e instanceof Exception ex ? ex : new RuntimeException(e));
            failAll(group, e);
            failAll(requests, e);
            throw e;
        } finally {
            closeChannel();
        }
    }

    private void process(ExcerptAppender appender, List<Request> group) {
        List<Written> written = new ArrayList<>(group.size());
        for (Request request : group) {
            try {
                Written w = append(appender, request);
                if (sync == SyncMode.ALWAYS) {
                    written.add(w);
                } else {
                    complete(w);
                }
            } catch (RuntimeException e) {
                fail(request, "append to " + state.dir(), e);
            }
        }
        if (!written.isEmpty()) {
            forceAndComplete(written);
        }
    }

    private Written append(ExcerptAppender appender, Request request) {
        Batch batch = request.batch();
        long size = JournalDocument.encodedSize(batch);
        if (size > maxDocumentBytes) {
            throw new IllegalArgumentException("batch of " + size + " bytes is over the journal's document limit of "
                    + maxDocumentBytes + " bytes");
        }
        Backlog backlog = state.backlog();
        long acceptMillis = clock.millis();
        long events = backlog.lastEvents() + batch.size();
        long bytes = backlog.lastBytes() + batch.itemBytes();
        long end;
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                JournalDocument.write(dc.wire().bytes(), batch, acceptMillis, events, bytes);
                end = dc.wire().bytes().writePosition();
            } catch (RuntimeException e) {
                dc.rollbackOnClose();
                throw e;
            }
        }
        backlog.appended(appender.lastIndexAppended(), events, bytes);
        state.files().extent(appender.cycle(), end);
        if (sync == SyncMode.ALWAYS) {
            touched.add(appender.currentFile());
        }
        listener.appended(batch.size(), batch.itemBytes());
        return new Written(request, acceptMillis);
    }

    private void forceAndComplete(List<Written> written) {
        long start = System.nanoTime();
        try {
            force();
        } catch (IOException e) {
            for (Written w : written) {
                fail(w.request(), "force " + state.dir() + " to disk", e);
            }
            return;
        }
        listener.synced(System.nanoTime() - start, written.size());
        written.forEach(this::complete);
    }

    private void complete(Written w) {
        state.window().stored(w.request().batch().digest(), w.acceptMillis());
        w.request().done().complete(Appended.STORED);
    }

    private void fail(Request request, String operation, Exception e) {
        listener.failure(operation, e);
        state.window().released(request.batch().digest());
        request.done().completeExceptionally(e);
    }

    private void failAll(Iterable<Request> pending, Throwable cause) {
        for (Request request : pending) {
            if (request != STOP && !request.done().isDone()) {
                state.window().released(request.batch().digest());
                request.done().completeExceptionally(cause);
            }
        }
    }

    private void force() throws IOException {
        for (File file : touched) {
            if (!file.equals(forcedFile)) {
                closeChannel();
                forcedChannel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE);
                forcedFile = file;
                forceDirectory();
            }
            try {
                forcedChannel.force(false);
            } catch (IOException e) {
                throw new IOException("Forcing " + file + " to disk failed", e);
            }
        }
        touched.clear();
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(state.dir(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            throw new IOException("Forcing directory " + state.dir() + " to disk failed", e);
        }
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
