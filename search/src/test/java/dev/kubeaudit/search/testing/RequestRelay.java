package dev.kubeaudit.search.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 in front of an S3 server that records the request line of every HTTP
 * request passing through, so that a test counts the requests a client really sent. Bytes pass
 * unchanged both ways (the Host header too, so SigV4 signatures made for the relay's address hold);
 * requests may carry a Content-Length body but not a chunked one. Thread-safe.
 */
public final class RequestRelay implements AutoCloseable {
    private static final int MAX_HEAD = 64 * 1024;

    /** One request: its method and its target (raw path and query) as sent. */
    public record Request(String method, String target) {

        /** The key (decoded) of a path-style GetObject in {@code bucket}, else null (listings, other calls). */
        public String getObjectKey(String bucket) {
            URI uri = URI.create("http://relay" + target);
            String bucketPath = "/" + bucket + "/";
            if (!method.equals("GET") || uri.getRawQuery() != null || !uri.getPath().startsWith(bucketPath)) {
                return null;
            }
            return uri.getPath().substring(bucketPath.length());
        }

        /** Whether this is a ListObjectsV2 of path-style {@code bucket}. */
        public boolean isListing(String bucket) {
            URI uri = URI.create("http://relay" + target);
            return method.equals("GET") && (uri.getPath().equals("/" + bucket) || uri.getPath().equals("/" + bucket + "/"))
                    && uri.getRawQuery() != null && uri.getRawQuery().matches("(.*&)?list-type=2(&.*)?");
        }
    }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "request-relay");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private RequestRelay(ServerSocket server, URI upstream) {
        this.server = server;
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
    }

    /** A relay to the server at {@code upstream} ({@code http://host:port}). */
    public static RequestRelay start(URI upstream) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        RequestRelay relay = new RequestRelay(server, upstream);
        relay.threads.execute(relay::accept);
        return relay;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Every request so far, in the order their heads arrived. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The keys of the GetObject requests so far, in order, relative to {@code prefix} ("" or ending in '/'). */
    public List<String> getObjectKeys(String bucket, String prefix) {
        return getObjectKeys(requests(), bucket, prefix);
    }

    /** The keys of the GetObject requests among {@code requests}, in order, relative to {@code prefix}. */
    public static List<String> getObjectKeys(List<Request> requests, String bucket, String prefix) {
        return requests.stream().map(r -> r.getObjectKey(bucket)).filter(k -> k != null && k.startsWith(prefix))
                .map(k -> k.substring(prefix.length())).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket store = new Socket(upstream.getAddress(), upstream.getPort());
                sockets.add(client);
                sockets.add(store);
                threads.execute(() -> answers(store, client));
                threads.execute(() -> requests(client, store));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answers(Socket store, Socket client) {
        try (InputStream in = store.getInputStream(); OutputStream out = client.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed: the other is closed with it
        } finally {
            closeQuietly(client);
            closeQuietly(store);
        }
    }

    private void requests(Socket client, Socket store) {
        try (InputStream in = new BufferedInputStream(client.getInputStream());
             OutputStream out = store.getOutputStream()) {
            for (byte[] head = head(in); head != null; head = head(in)) {
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String[] line = text.substring(0, text.indexOf("\r\n")).split(" ");
                requests.add(new Request(line[0], line[1]));
                out.write(head);
                long body = contentLength(text);
                for (long left = body; left > 0; ) {
                    byte[] chunk = in.readNBytes((int) Math.min(left, 64 * 1024));
                    if (chunk.length == 0) {
                        return;
                    }
                    out.write(chunk);
                    left -= chunk.length;
                }
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the other is closed with it
        } finally {
            closeQuietly(store);
            closeQuietly(client);
        }
    }

    /** The next request head through its empty line, or null at the end of the stream. */
    private static byte[] head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head over " + MAX_HEAD + " bytes");
            }
        }
        return head.toByteArray();
    }

    private static long contentLength(String head) throws IOException {
        long length = 0;
        for (String header : head.split("\r\n")) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                throw new IOException("chunked request bodies are not relayed");
            }
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(header.substring("content-length:".length()).trim());
            }
        }
        return length;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        sockets.forEach(RequestRelay::closeQuietly);
        threads.shutdownNow();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("relay threads still running after 10 s");
        }
    }
}
