package dev.kubeaudit.shipper.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A small S3 store on 127.0.0.1 (plain HTTP, or HTTPS with a given context; path-style, any
 * credentials) of the naive kind: it
 * keeps each request body exactly as it arrived — it decodes no aws-chunked framing and checks no
 * checksum or signature — and answers 200. It records every request's headers and the SHA-256 of
 * its body. Options make it misbehave: {@code tamper} flips one byte of every object body and of
 * every first part it stores (still answering 200), {@code etags: false} leaves the ETag out of its
 * answers, so HEAD proves nothing. It honours {@code If-None-Match: *} with 412, like S3. Supports
 * PutObject, HeadObject, GetObject and the multipart calls. Thread-safe.
 */
public final class RecordingS3Server implements AutoCloseable {
    /**
     * One request as it arrived: lower-case header names, the SHA-256 (hex) and length of its body,
     * and when it arrived ({@link System#nanoTime()}).
     */
    public record Request(String method, String path, String query, Map<String, String> headers, long bodyBytes,
                          String bodySha256, long arrivedNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final boolean tamper;
    private final boolean etags;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, String> multipartEtags = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, byte[]>> uploads = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger uploadIds = new AtomicInteger();

    private RecordingS3Server(boolean tamper, boolean etags, SSLContext tls) throws IOException {
        this.tamper = tamper;
        this.etags = etags;
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            this.server = HttpServer.create(loopback, 0);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** A server over plain HTTP that stores bodies as they arrived; see the class comment for the options. */
    public static RecordingS3Server start(boolean tamper, boolean etags) throws IOException {
        return startTls(tamper, etags, null);
    }

    /** The same over HTTPS with {@code tls} (its certificate for 127.0.0.1); null = plain HTTP. */
    public static RecordingS3Server startTls(boolean tamper, boolean etags, SSLContext tls) throws IOException {
        RecordingS3Server s = new RecordingS3Server(tamper, etags, tls);
        s.server.start();
        return s;
    }

    public URI endpoint() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort());
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The bytes stored under {@code /bucket/key} (path as requested), or null. */
    public byte[] object(String bucket, String key) {
        return objects.get("/" + bucket + "/" + key);
    }

    /** Stores {@code bytes} under the key as if uploaded earlier. */
    public void put(String bucket, String key, byte[] bytes) {
        objects.put("/" + bucket + "/" + key, bytes.clone());
        multipartEtags.remove("/" + bucket + "/" + key);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrived = System.nanoTime();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    headers(exchange.getRequestHeaders()), body.length, hex(digest("SHA-256", body)), arrived));
            String method = exchange.getRequestMethod();
            if (method.equals("PUT") && query.containsKey("partNumber")) {
                uploadPart(exchange, query, body);
            } else if (method.equals("PUT")) {
                putObject(exchange, path, body);
            } else if (method.equals("POST") && query.containsKey("uploads")) {
                String id = "upload-" + uploadIds.incrementAndGet();
                uploads.put(id, new TreeMap<>());
                xml(exchange, 200, "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>" + id
                        + "</UploadId></InitiateMultipartUploadResult>");
            } else if (method.equals("POST") && query.containsKey("uploadId")) {
                complete(exchange, path, query.get("uploadId"));
            } else if (method.equals("DELETE") && query.containsKey("uploadId")) {
                uploads.remove(query.get("uploadId"));
                exchange.sendResponseHeaders(204, -1);
            } else if (method.equals("HEAD") || method.equals("GET")) {
                get(exchange, path);
            } else {
                xml(exchange, 501, "<Error><Code>NotImplemented</Code><Message>" + method + "</Message></Error>");
            }
        }
    }

    private void putObject(HttpExchange exchange, String path, byte[] body) throws IOException {
        if (preconditionFailed(exchange, path)) {
            return;
        }
        byte[] stored = tamper ? flipped(body) : body;
        objects.put(path, stored);
        multipartEtags.remove(path);
        etag(exchange, hex(digest("MD5", stored)));
        exchange.sendResponseHeaders(200, -1);
    }

    private void uploadPart(HttpExchange exchange, Map<String, String> query, byte[] body) throws IOException {
        Map<Integer, byte[]> parts = uploads.get(query.get("uploadId"));
        if (parts == null) {
            xml(exchange, 404, "<Error><Code>NoSuchUpload</Code><Message>gone</Message></Error>");
            return;
        }
        int number = Integer.parseInt(query.get("partNumber"));
        byte[] stored = tamper && number == 1 ? flipped(body) : body;
        parts.put(number, stored);
        etag(exchange, hex(digest("MD5", stored)));
        exchange.sendResponseHeaders(200, -1);
    }

    private void complete(HttpExchange exchange, String path, String uploadId) throws IOException {
        if (preconditionFailed(exchange, path)) {
            return;
        }
        Map<Integer, byte[]> parts = uploads.remove(uploadId);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        ByteArrayOutputStream md5s = new ByteArrayOutputStream();
        for (byte[] part : parts.values()) {
            whole.writeBytes(part);
            md5s.writeBytes(digest("MD5", part));
        }
        String etag = hex(digest("MD5", md5s.toByteArray())) + "-" + parts.size();
        objects.put(path, whole.toByteArray());
        multipartEtags.put(path, etag);
        xml(exchange, 200, "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>"
                + (etags ? "<ETag>\"" + etag + "\"</ETag>" : "") + "</CompleteMultipartUploadResult>");
    }

    private void get(HttpExchange exchange, String path) throws IOException {
        byte[] stored = objects.get(path);
        if (stored == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        etag(exchange, multipartEtags.getOrDefault(path, hex(digest("MD5", stored))));
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(stored.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, stored.length == 0 ? -1 : stored.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(stored);
        }
    }

    private boolean preconditionFailed(HttpExchange exchange, String path) throws IOException {
        if ("*".equals(exchange.getRequestHeaders().getFirst("If-None-Match")) && objects.containsKey(path)) {
            xml(exchange, 412, "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions"
                    + " you specified did not hold</Message></Error>");
            return true;
        }
        return false;
    }

    private void etag(HttpExchange exchange, String etag) {
        if (etags) {
            exchange.getResponseHeaders().set("ETag", "\"" + etag + "\"");
        }
    }

    private static void xml(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] flipped(byte[] body) {
        byte[] copy = body.clone();
        if (copy.length > 0) {
            copy[copy.length / 2] ^= 0x01;
        }
        return copy;
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            out.put(e.getKey().toLowerCase(Locale.ROOT), String.join(",", e.getValue()));
        }
        return out;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return out;
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
