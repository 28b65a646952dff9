package dev.kubeaudit.agent.journal;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults in the pages of the current cycle file ahead of the journal's write position, on its own
 * thread, so that the journal thread (and with it every acknowledgement) does not stall on the
 * page faults of fresh file pages: the kernel zero-fills each new page of the sparse cycle file
 * before it can be mapped, and on a fresh file that costs tens of milliseconds per burst.
 *
 * <p>A touch is a read of a page's first eight bytes through a separate read-only mapping of the
 * same file: the fault brings the page, zero-filled, into the page cache, and no byte changes. It
 * is not a write (a compare-and-set of zero to zero): the JVM turns the SIGBUS of a page that is
 * gone (the file shrank) into an {@link InternalError} for a plain read, but not for a
 * compare-and-set, which kills the process; and a write fault into a hole on a full disk is a
 * SIGBUS that a read never meets. A read-only mapping cannot reach past the file's extent, so the
 * file never grows from here, and each window is mapped only while the file is still the
 * journal's current one. Failures are logged once and never reach the journal. Thread-safe:
 * {@link #advanced} from the journal thread.
 */
final class JournalPretoucher implements Closeable {
    /** How far ahead of the write position pages are touched. */
    static final long AHEAD_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(JournalPretoucher.class);
    private static final int PAGE = 4096;
    private static final long WINDOW = 1L << 20;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final Thread thread;
    private volatile File file;
    private volatile long position;
    private volatile boolean stopped;
    // Pre-touch thread state.
    private boolean failureLogged;
    private File current;
    private FileChannel channel;
    private long touched;
    private long touchedPages;

    JournalPretoucher(String name) {
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The journal wrote up to {@code position} of {@code file}. */
    void advanced(File file, long position) {
        this.position = position;
        this.file = file;
    }

    /** Pages touched so far; read it after {@link #close()} (tests). */
    long touchedPages() {
        return touchedPages;
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!stopped) {
                try {
                    touchLoop();
                } catch (InternalError e) {
                    // The JVM reports a fault in a mapped page (the file shrank) as an InternalError, and
                    // in compiled code only at a later point of this thread: so it is caught out here.
                    failed(e);
                    closeChannel();
                }
            }
        } finally {
            closeChannel();
        }
    }

    private void touchLoop() {
        while (!stopped) {
            File target = file;
            try {
                if (target != null && !target.equals(current)) {
                    closeChannel();
                    current = target;
                    channel = FileChannel.open(target.toPath(), StandardOpenOption.READ);
                    touched = 0;
                }
                if (channel != null) {
                    touchAhead();
                }
            } catch (IOException | RuntimeException e) {
                failed(e);
                closeChannel();
            }
            LockSupport.parkNanos(IDLE_NANOS);
        }
    }

    private void failed(Throwable e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.warn("Pre-touching journal file {} failed; appends fault in their own pages: {}", current, e.toString());
        }
    }

    /** Touches the pages from the write position up to {@link #AHEAD_BYTES} beyond it. */
    private void touchAhead() throws IOException {
        long from = Math.max(touched, pageAbove(position));
        long end = Math.min(channel.size(), position + AHEAD_BYTES) & -PAGE;
        while (from < end && !stopped && current.equals(file)) {
            long length = Math.min(WINDOW, end - from);
            MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, from, length);
            for (int offset = 0; offset < length; offset += PAGE) {
                LONGS.getOpaque(window, offset);
                touchedPages++;
            }
            from += length;
            touched = from;
        }
    }

    private static long pageAbove(long position) {
        return (position + PAGE - 1) & -PAGE;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing a pre-touch channel failed: {}", e.toString());
            }
            channel = null;
        }
    }
}
