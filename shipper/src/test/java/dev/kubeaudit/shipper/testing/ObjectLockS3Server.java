package dev.kubeaudit.shipper.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A versioned S3 bucket with Object Lock on 127.0.0.1 (plain HTTP, path-style, any credentials),
 * for what neither s3proxy nor LocalS3 implements: the test gives it versions with the lock headers
 * their HeadObject answers (as S3 sends them to a caller with or without the permissions to see
 * them), delete markers, and the answer to GetObjectLockConfiguration. It answers
 * GetBucketVersioning (Enabled), ListObjectVersions (keys in order, newest first within a key,
 * paged by max-keys with key and version-id markers) and HeadObject of a version (405 for a delete
 * marker, or the status the test set for it); anything else 501. It records every query. Thread-safe.
 */
public final class ObjectLockS3Server implements AutoCloseable {
    private record Entry(String key, String versionId, boolean deleteMarker, long size, Instant lastModified,
                         Map<String, String> headers, long order) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String bucket;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> headStatus = new ConcurrentHashMap<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile int lockStatus = 404;
    private volatile String lockBody = "<Error><Code>ObjectLockConfigurationNotFoundError</Code><Message>none</Message></Error>";
    private volatile boolean pagesWithoutMarkers;

    private ObjectLockS3Server(String bucket) throws IOException {
        this.bucket = bucket;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server holding bucket {@code bucket}, versioning enabled, no versions, no Object Lock configuration. */
    public static ObjectLockS3Server start(String bucket) throws IOException {
        return new ObjectLockS3Server(bucket);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a version (the latest of its key from now on) whose HeadObject carries {@code lockHeaders}. */
    public void version(String key, String versionId, long size, Instant lastModified, Map<String, String> lockHeaders) {
        entries.add(new Entry(key, versionId, false, size, lastModified, Map.copyOf(lockHeaders), entries.size()));
    }

    /** Adds a delete marker, the latest of its key from now on. */
    public void deleteMarker(String key, String versionId, Instant lastModified) {
        entries.add(new Entry(key, versionId, true, 0, lastModified, Map.of(), entries.size()));
    }

    /** HeadObject of version {@code versionId} answers {@code status} with no body. */
    public void headAnswers(String versionId, int status) {
        headStatus.put(versionId, status);
    }

    /** GetObjectLockConfiguration answers {@code status} with {@code xml}. */
    public void lockConfigurationAnswers(int status, String xml) {
        lockStatus = status;
        lockBody = xml;
    }

    /** ListObjectVersions answers "truncated" without the markers of a next page. */
    public void pageWithoutMarkers() {
        pagesWithoutMarkers = true;
    }

    /** The raw queries of every request so far, in arrival order. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            queries.add(rawQuery == null ? "" : rawQuery);
            Map<String, String> query = query(rawQuery);
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/" + bucket) && query.containsKey("versioning")) {
                xml(exchange, 200, "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");
            } else if (method.equals("GET") && path.equals("/" + bucket) && query.containsKey("object-lock")) {
                xml(exchange, lockStatus, lockBody);
            } else if (method.equals("GET") && path.equals("/" + bucket) && query.containsKey("versions")) {
                xml(exchange, 200, versions(query));
            } else if (method.equals("HEAD") && path.startsWith("/" + bucket + "/")) {
                head(exchange, path.substring(bucket.length() + 2), query.get("versionId"));
            } else {
                xml(exchange, 501, "<Error><Code>NotImplemented</Code><Message>" + method + "</Message></Error>");
            }
        }
    }

    private List<Entry> ordered() {
        List<Entry> out = new ArrayList<>(entries);
        out.sort(Comparator.comparing(Entry::key).thenComparing(Entry::order, Comparator.reverseOrder()));
        return out;
    }

    private String versions(Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        int maxKeys = Integer.parseInt(query.getOrDefault("max-keys", "1000"));
        List<Entry> matching = ordered().stream().filter(e -> e.key().startsWith(prefix)).toList();
        int start = 0;
        if (query.containsKey("key-marker")) {
            String key = query.get("key-marker");
            String version = query.get("version-id-marker");
            while (start < matching.size() && !(matching.get(start).key().equals(key)
                    && matching.get(start).versionId().equals(version))) {
                start++;
            }
            start++;
        }
        List<Entry> page = matching.subList(Math.min(start, matching.size()), Math.min(start + maxKeys, matching.size()));
        boolean truncated = start + maxKeys < matching.size();
        StringBuilder xml = new StringBuilder("<ListVersionsResult><Name>" + bucket + "</Name><Prefix>" + prefix
                + "</Prefix><MaxKeys>" + maxKeys + "</MaxKeys><IsTruncated>" + truncated + "</IsTruncated>");
        if (truncated && !pagesWithoutMarkers) {
            Entry last = page.get(page.size() - 1);
            xml.append("<NextKeyMarker>").append(last.key()).append("</NextKeyMarker><NextVersionIdMarker>")
                    .append(last.versionId()).append("</NextVersionIdMarker>");
        }
        for (Entry e : page) {
            boolean latest = matching.stream().filter(o -> o.key().equals(e.key())).findFirst().orElseThrow() == e;
            String tag = e.deleteMarker() ? "DeleteMarker" : "Version";
            xml.append('<').append(tag).append("><Key>").append(e.key()).append("</Key><VersionId>").append(e.versionId())
                    .append("</VersionId><IsLatest>").append(latest).append("</IsLatest><LastModified>")
                    .append(e.lastModified()).append("</LastModified>")
                    .append(e.deleteMarker() ? "" : "<Size>" + e.size() + "</Size>").append("</").append(tag).append('>');
        }
        return xml.append("</ListVersionsResult>").toString();
    }

    private void head(HttpExchange exchange, String key, String versionId) throws IOException {
        Entry entry = entries.stream().filter(e -> e.key().equals(key) && e.versionId().equals(versionId)).findFirst()
                .orElse(null);
        int status = entry == null ? 404 : entry.deleteMarker() ? 405 : headStatus.getOrDefault(versionId, 200);
        if (status == 200) {
            entry.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("x-amz-version-id", versionId);
            exchange.getResponseHeaders().set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    entry.lastModified().atOffset(ZoneOffset.UTC)));
            exchange.getResponseHeaders().set("Content-Length", Long.toString(entry.size()));
        }
        exchange.sendResponseHeaders(status, -1);
    }

    private static void xml(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
