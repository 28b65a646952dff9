package dev.kubeaudit.forward.webhook;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection to a webhook server, kept open between requests, for one POST at a time
 * on the calling thread: the request head and the body are written straight to the socket, the
 * answer's status, headers and the start of its body read back (Content-Length, chunked, or up to
 * the end of the connection). Blocking sockets, because a forwarder sends one batch at a time and
 * waits for its answer: no selector, no buffer copies, no hand-over between threads.
 *
 * <p>Time is bounded by the caller's deadline (real time, as the socket's): the socket read timeout
 * covers reading, and {@link #abort(long)} (from the destination's deadline timer) or {@link
 * #shutdown()} (from close) closes the socket under a blocked write or handshake. A connection that was idle and turns out to be closed by the server
 * before any byte of the answer is opened again once, the request sent again (a re-sent batch is
 * byte-identical, and delivery is at least once). TLS: the context's key and trust managers (which
 * check the server's name, {@link ServerNameTrust}), the agent's protocols and ciphers, SNI with
 * the expected name when it is a host name.
 *
 * <p>Not thread-safe but for {@link #abort(long)} and {@link #shutdown()}, which any thread may call.
 */
final class PostConnection {
    /** An answer: its status, its header values by lower-case name (the first of each), and the start of its body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** The request went out and failed in a way that says nothing of the server (a closed idle connection): try once more. */
    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final int MAX_HEAD_BYTES = 64 << 10;
    /** The most body bytes read past the kept ones to keep the connection; past it the connection is closed instead. */
    private static final long MAX_DRAIN = 1 << 20;
    private static final byte[] CRLF = {'\r', '\n'};

    private final URI server;
    private final String target;
    private final String hostHeader;
    private final SSLContext ssl;
    private final SSLParameters tlsParameters;
    private final String serverName;
    private final int maxBodyKept;
    private final int connectMillis;
    private final Object lock = new Object();
    private Socket socket;          // guarded by lock; used by the calling thread
    private InputStream in;         // owned by the calling thread
    private OutputStream out;       // owned by the calling thread
    private boolean aborted;        // guarded by lock
    private boolean shut;           // guarded by lock
    private long exchange;          // guarded by lock: the ticket of the exchange in progress

    /**
     * @param ssl null for {@code http}
     * @param serverName the name the server's certificate must carry (sent as SNI when a host name)
     * @param connectTimeout the most a TCP connect may take (within the deadline of the request)
     */
    PostConnection(URI server, SSLContext ssl, SSLParameters tlsParameters, String serverName, Duration connectTimeout,
                   int maxBodyKept) {
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        this.server = server;
        String path = server.getRawPath() == null || server.getRawPath().isEmpty() ? "/" : server.getRawPath();
        this.target = server.getRawQuery() == null ? path : path + "?" + server.getRawQuery();
        this.hostHeader = server.getPort() == -1 ? server.getHost() : server.getHost() + ":" + server.getPort();
        this.ssl = ssl;
        this.tlsParameters = tlsParameters;
        this.serverName = serverName;
        this.maxBodyKept = maxBodyKept;
    }

    /**
     * POSTs {@code body} with {@code headers} (name, value pairs) and returns the final answer
     * (informational 1xx ones are passed over).
     *
     * @throws IOException when the exchange failed or was aborted; the connection is closed then
     */
    Answer post(List<String> headers, byte[] body, long deadlineNanos) throws IOException {
        byte[] head = head(headers, body.length);
        boolean reused = socket != null;
        try {
            return exchange(head, body, deadlineNanos);
        } catch (StaleConnection e) {
            closeSocket();
            if (!reused) {
                throw (IOException) e.getCause();
            }
            try {
                return exchange(head, body, deadlineNanos);
            } catch (StaleConnection again) {
                closeSocket();
                throw (IOException) again.getCause();
            } catch (IOException | RuntimeException again) {
                closeSocket();
                throw again;
            }
        } catch (IOException | RuntimeException e) {
            closeSocket();
            throw e;
        }
    }

    private Answer exchange(byte[] head, byte[] body, long deadlineNanos) throws IOException {
        boolean fresh = socket == null;
        if (fresh) {
            connect(deadlineNanos);
        }
        try {
            out.write(head);
            out.write(body);
            out.flush();
        } catch (IOException e) {
            throw fresh || wasAborted() ? e : new StaleConnection(e);
        }
        while (true) {
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            String statusLine;
            try {
                statusLine = readLine(in, true);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw fresh || wasAborted() ? e : new StaleConnection(e);
            }
            fresh = true;   // a byte of the answer came: whatever fails now says something of the server
            Answer answer = readAnswer(statusLine, deadlineNanos);
            if (answer != null) {
                return answer;
            }
        }
    }

    /** Reads the rest of an answer after its status line; null for an informational (1xx) one. */
    private Answer readAnswer(String statusLine, long deadlineNanos) throws IOException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: '" + printable(statusLine) + "'");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x status line: '" + printable(statusLine) + "'", e);
        }
        boolean http10 = statusLine.charAt(7) == '0';
        Map<String, String> headers = new HashMap<>();
        int headBytes = statusLine.length();
        for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
            headBytes += line.length() + 2;
            if (headBytes > MAX_HEAD_BYTES) {
                throw new IOException("answer head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        if (status >= 100 && status < 200) {
            return null;
        }
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean reusable = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        Body kept = new Body(maxBodyKept);
        String transfer = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        String length = headers.get("content-length");
        if (status == 204 || status == 304) {
            // no body
        } else if (transfer.contains("chunked")) {
            reusable &= readChunked(kept, deadlineNanos);
        } else if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new IOException("Content-Length '" + printable(length) + "' is not a number", e);
            }
            reusable &= readBody(kept, n, deadlineNanos);
        } else {
            readBody(kept, Long.MAX_VALUE, deadlineNanos);   // until the server closes the connection
            reusable = false;
        }
        if (!reusable) {
            closeSocket();
        }
        return new Answer(status, headers, kept.bytes());
    }

    /** The kept start of a body; counts what went past it. */
    private static final class Body {
        private final byte[] kept;
        private int size;
        private long dropped;

        Body(int limit) {
            kept = new byte[limit];
        }

        void add(byte[] b, int n) {
            int take = Math.min(n, kept.length - size);
            System.arraycopy(b, 0, kept, size, take);
            size += take;
            dropped += n - take;
        }

        byte[] bytes() {
            return Arrays.copyOf(kept, size);
        }
    }

    /** Reads {@code n} body bytes (or until the end of the stream when MAX_VALUE); false when it stopped early to close instead. */
    private boolean readBody(Body body, long n, long deadlineNanos) throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0) {
            if (body.dropped > MAX_DRAIN) {
                return false;
            }
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                if (n == Long.MAX_VALUE) {
                    return false;
                }
                throw new EOFException("connection closed " + left + " bytes before the end of the answer's body");
            }
            body.add(buffer, read);
            left -= read;
        }
        return true;
    }

    private boolean readChunked(Body body, long deadlineNanos) throws IOException {
        while (true) {
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            String sizeLine = readLine(in, false);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("chunk size '" + printable(sizeLine) + "' is not hexadecimal", e);
            }
            if (size == 0) {
                while (!readLine(in, false).isEmpty()) {
                    // trailer fields: none is used
                }
                return true;
            }
            if (!readBody(body, size, deadlineNanos)) {
                return false;
            }
            if (!readLine(in, false).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private void connect(long deadlineNanos) throws IOException {
        int port = server.getPort() != -1 ? server.getPort() : ssl != null ? 443 : 80;
        Socket plain = new Socket();
        synchronized (lock) {
            if (aborted) {
                throw new IOException("aborted");
            }
            socket = plain;
        }
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(server.getHost(), port), Math.min(connectMillis, remainingMillis(deadlineNanos)));
        Socket connected = plain;
        if (ssl != null) {
            SSLSocket tls = (SSLSocket) ssl.getSocketFactory().createSocket(plain, server.getHost(), port, true);
            SSLParameters parameters = tlsParameters;
            if (ServerNameTrust.ipLiteral(serverName) == null) {
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
            }
            tls.setSSLParameters(parameters);
            synchronized (lock) {
                if (aborted) {
                    tls.close();
                    throw new IOException("aborted");
                }
                socket = tls;
            }
            tls.setSoTimeout(remainingMillis(deadlineNanos));
            tls.startHandshake();
            connected = tls;
        }
        in = new BufferedInputStream(connected.getInputStream(), 16 << 10);
        out = connected.getOutputStream();
    }

    private byte[] head(List<String> headers, int contentLength) {
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Content-Length: ").append(contentLength).append("\r\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One line without its CRLF (a bare LF ends it too); EOFException at the end of the stream before any byte when {@code first}. */
    private static String readLine(InputStream in, boolean first) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(first && line.isEmpty() ? "connection closed before an answer"
                        : "connection closed in the middle of the answer's head");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEAD_BYTES) {
                throw new IOException("answer line longer than " + MAX_HEAD_BYTES + " bytes");
            }
            line.append((char) b);
        }
    }

    private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** Closes the connection; the next {@link #post} opens a new one. */
    void closeSocket() {
        Socket s;
        synchronized (lock) {
            s = socket;
            socket = null;
        }
        in = null;
        out = null;
        closeQuietly(s);
    }

    /**
     * Starts an exchange: returns its ticket for {@link #abort(long)} and clears the abort of an
     * earlier one (not a {@link #shutdown()}).
     */
    long begin() {
        synchronized (lock) {
            if (!shut) {
                aborted = false;
            }
            return ++exchange;
        }
    }

    /**
     * Ends the exchange of {@code ticket} from any thread (its deadline passed): closes the socket
     * under a blocked read, write or handshake, and the exchange fails with an IOException. Does
     * nothing once that exchange has ended ({@link #end}), so a late deadline cannot hit the next.
     */
    void abort(long ticket) {
        Socket s;
        synchronized (lock) {
            if (ticket != exchange) {
                return;
            }
            aborted = true;
            s = socket;
        }
        closeQuietly(s);
    }

    /** The exchange of {@code ticket} is over: a deadline set for it no longer aborts anything. */
    void end(long ticket) {
        synchronized (lock) {
            if (ticket == exchange) {
                exchange++;
            }
        }
    }

    /** Closes the socket for good, under an exchange in progress too (from any thread); every later {@link #post} fails. */
    void shutdown() {
        Socket s;
        synchronized (lock) {
            shut = true;
            aborted = true;
            s = socket;
        }
        closeQuietly(s);
    }

    /** The exchange in progress (or the last) was aborted by its deadline or by {@link #shutdown()}. */
    boolean wasAborted() {
        synchronized (lock) {
            return aborted;
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing: nothing to do about a failure
            }
        }
    }
}
