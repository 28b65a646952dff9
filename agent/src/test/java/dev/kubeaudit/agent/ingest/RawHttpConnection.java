package dev.kubeaudit.agent.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A hand-written HTTP/1.1 client on one socket, for requests java.net.http will not send. Not thread-safe. */
final class RawHttpConnection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends the case's request: its content type and body framed as the case says. */
    void send(FuzzCase c) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream(c.body().length + 256);
        StringBuilder head = new StringBuilder("POST /?timeout=30s HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: fuzz\r\n");
        if (!c.contentType().isEmpty()) {
            head.append("Content-Type: ").append(c.contentType()).append("\r\n");
        }
        int n = c.body().length;
        switch (c.framing()) {
            case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
            case SHORTER -> head.append("Content-Length: ").append(n - c.declaredDelta()).append("\r\n");
            case LONGER -> head.append("Content-Length: ").append(n + c.declaredDelta()).append("\r\n");
            default -> head.append("Content-Length: ").append(n).append("\r\n");
        }
        request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (c.framing() == FuzzCase.Framing.CHUNKED) {
            int third = Math.max(1, n / 3);
            for (int at = 0; at < n; at += third) {
                int len = Math.min(third, n - at);
                request.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.write(c.body(), at, len);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            request.writeBytes(c.body());
        }
        out.write(request.toByteArray());
        out.flush();
    }

    /** Sends {@code request} as it is. */
    void sendRaw(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one response with a Content-Length body. */
    Response read() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        int length = 0;
        boolean close = false;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            } else if (h.startsWith("connection:") && h.contains("close")) {
                close = true;
            }
        }
        byte[] body = in.readNBytes(length);
        String[] parts = status.split(" ", 3);
        return new Response(Integer.parseInt(parts[1]), close, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Response(int status, boolean close, String body) {
    }
}
