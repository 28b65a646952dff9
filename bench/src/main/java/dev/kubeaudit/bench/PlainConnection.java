package dev.kubeaudit.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * One keep-alive HTTP/1.1 connection that sends whole prepared requests and reads their answers
 * into one reused buffer: after the first request it allocates nothing, so the client's own garbage
 * collection is not charged to the server. Reads the status, {@code Content-Length},
 * {@code Retry-After} and {@code Connection: close} and skips the body. Not thread-safe: one
 * connection per sending thread.
 */
final class PlainConnection implements Closeable {
    private static final int CONNECT_MILLIS = 10_000;
    private static final int READ_MILLIS = 30_000;
    private final URI uri;
    private final byte[] buffer = new byte[64 * 1024];
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private int start;
    private int end;
    private long retryAfterSeconds;

    PlainConnection(URI uri) {
        this.uri = uri;
    }

    /** Sends {@code request} (request line, headers and body), returns the answer's status. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            out.write(request);
            out.flush();
            return readAnswer();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The last answer's {@code Retry-After} in seconds, 1 when it had none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private void open() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.setSoTimeout(READ_MILLIS);
            opened.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_MILLIS);
            out = opened.getOutputStream();
            in = opened.getInputStream();
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        socket = opened;
        start = 0;
        end = 0;
    }

    private int readAnswer() throws IOException {
        int headEnd = fillUntilHeadEnd();
        int status = digits(start + "HTTP/1.1 ".length(), 3);
        long length = 0;
        boolean closeAfter = false;
        retryAfterSeconds = 1;
        for (int line = nextLine(start, headEnd); line < headEnd; line = nextLine(line, headEnd)) {
            if (startsWithIgnoreCase(line, "content-length:")) {
                length = number(line + "content-length:".length());
            } else if (startsWithIgnoreCase(line, "retry-after:")) {
                retryAfterSeconds = number(line + "retry-after:".length());
            } else if (startsWithIgnoreCase(line, "connection: close")) {
                closeAfter = true;
            }
        }
        start = headEnd + 4;
        skip(length);
        if (closeAfter) {
            close();
        }
        return status;
    }

    /** Reads until the buffer holds a whole head; returns the index of its final CRLFCRLF. */
    private int fillUntilHeadEnd() throws IOException {
        for (int scanned = start; ; ) {
            for (int i = Math.max(start, scanned - 3); i + 3 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    return i;
                }
            }
            scanned = end;
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                scanned -= start;
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                throw new IOException("answer head over " + buffer.length + " bytes from " + uri);
            }
            read();
        }
    }

    private void skip(long length) throws IOException {
        for (long left = length; left > 0; ) {
            if (start == end) {
                start = 0;
                end = 0;
                read();
            }
            int n = (int) Math.min(left, end - start);
            start += n;
            left -= n;
        }
    }

    private void read() throws IOException {
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            throw new EOFException("connection to " + uri + " closed before a whole answer");
        }
        end += n;
    }

    private int nextLine(int from, int headEnd) {
        for (int i = from; i < headEnd; i++) {
            if (buffer[i] == '\n') {
                return i + 1;
            }
        }
        return headEnd;
    }

    private boolean startsWithIgnoreCase(int at, String name) {
        if (at + name.length() > end) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.toLowerCase(buffer[at + i]) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private long number(int at) {
        int i = at;
        while (buffer[i] == ' ') {
            i++;
        }
        long value = 0;
        for (; buffer[i] >= '0' && buffer[i] <= '9'; i++) {
            value = value * 10 + buffer[i] - '0';
        }
        return value;
    }

    private int digits(int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            value = value * 10 + buffer[i] - '0';
        }
        return value;
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing a failed connection: nothing left to do
        }
        socket = null;
    }
}
