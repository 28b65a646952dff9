package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.lifecycle.CoreThread;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the journal's current cycle file ahead of where the journal thread writes, so that the
 * pages it is about to write are in the page cache before it gets there. Chronicle writes the file
 * through a memory mapping; a write that faults on a page not in the cache makes the kernel read
 * ahead, and for the file's unwritten (sparse) part that means zero-filling up to the device's
 * {@code read_ahead_kb} (8 MiB on a virtio disk) in that one fault, on the journal thread, while
 * acknowledgements wait: measured at 12,000 events/s, a 15-30 ms stall every 8 MiB. Reading those
 * pages here first, with read(2) into one reused buffer, does that zero-filling on this thread
 * instead, and the journal thread's faults find the pages cached.
 *
 * <p>Read-only: it never writes the file, so it cannot change what the journal holds or when it
 * is durable, and unlike a memory mapping a read of a file that shrank or went away (Chronicle
 * trims a cycle file after its roll) only returns less. A read that fails is skipped; the journal
 * thread then zero-fills its own pages as it would without this.
 *
 * <p>Thread-safe: {@link #wrote} from the journal thread, the reading on a thread of its own.
 */
final class ReadAhead implements Closeable {
    static final String THREAD_NAME = "journal-read-ahead";
    /** How far past the written end the file is kept read. */
    static final long AHEAD = 32L << 20;
    private static final int SLICE = 1 << 20;
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(SLICE);
    private final Thread thread;
    private volatile File file;
    private volatile long written;
    private volatile long readUpTo;
    private volatile boolean closed;
    private File open;
    private FileChannel channel;

    ReadAhead() {
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The journal thread has written {@code file} up to {@code end}: read on ahead of it if needed. */
    void wrote(File file, long end) {
        this.written = end;
        if (!file.equals(this.file)) {
            this.file = file;
            LockSupport.unpark(thread);
        } else if (readUpTo < end + AHEAD / 2) {
            LockSupport.unpark(thread);
        }
    }

    /** Where the current file has been read up to (tests). */
    long readUpTo() {
        return readUpTo;
    }

    private void run() {
        try {
            while (!closed) {
                if (!readSlice()) {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                }
            }
        } finally {
            closeChannel();
        }
    }

    /** Reads the next slice ahead of the written end; false when there is nothing to read now. */
    private boolean readSlice() {
        File current = file;
        if (current == null) {
            return false;
        }
        long end = written;
        if (!current.equals(open)) {
            closeChannel();
            try {
                channel = FileChannel.open(current.toPath(), StandardOpenOption.READ);
            } catch (IOException e) {
                return false; // gone already, or unreadable: the journal thread faults its own pages
            }
            open = current;
            readUpTo = end;
        }
        long from = Math.max(readUpTo, end);
        if (from >= end + AHEAD) {
            return false;
        }
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer, from);
        } catch (IOException e) {
            n = -1;
        }
        if (n <= 0) {
            return false; // at the end of the file as it stands: Chronicle extends it as it goes
        }
        readUpTo = from + n;
        return true;
    }

    private void closeChannel() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // a read-only channel: nothing was written that closing could lose
        }
        channel = null;
        open = null;
    }

    /** Stops the thread; idempotent. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        CoreThread.awaitEnd(thread);
    }
}
