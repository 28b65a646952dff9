package dev.kubeaudit.agent.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A webhook client that talks like kube-apiserver: POST application/json EventList bodies. */
public final class Webhook {
    public static final String V1_PREFIX = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI uri;

    public Webhook(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/");
    }

    public HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An EventList body whose items are the given audit.log lines with kind/apiVersion removed, as the apiserver sends them. */
    public static byte[] eventList(List<String> logLines) {
        StringBuilder sb = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
        for (int i = 0; i < logLines.size(); i++) {
            String line = logLines.get(i);
            if (!line.startsWith(V1_PREFIX)) {
                throw new IllegalArgumentException("not a v1 audit.log line: " + line.substring(0, Math.min(80, line.length())));
            }
            if (i > 0) {
                sb.append(',');
            }
            sb.append('{').append(line, V1_PREFIX.length(), line.length());
        }
        return sb.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Splits {@code lines} into batches of at most {@code size}, as the apiserver's batching buffer does. */
    public static List<List<String>> batches(List<String> lines, int size) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += size) {
            out.add(lines.subList(i, Math.min(lines.size(), i + size)));
        }
        return out;
    }
}
