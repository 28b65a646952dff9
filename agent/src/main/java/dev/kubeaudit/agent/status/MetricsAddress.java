package dev.kubeaudit.agent.status;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where an agent's /metrics is: from {@code metrics.address} and {@code metrics.port} (a wildcard
 * address, {@code 0.0.0.0} or {@code ::}, is reached on loopback), or from a URL given as is (a
 * URL without a path gets {@code /metrics}). Stateless.
 */
public final class MetricsAddress {
    private MetricsAddress() {
    }

    /** The /metrics URL of an agent bound to {@code address}:{@code port}. */
    public static URI of(String address, int port) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("metrics.port: " + port + " (expected: 1 to 65535; with 0 the agent"
                    + " picks a port at start: give --metrics URL)");
        }
        String host = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        if (host.isEmpty() || host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("::0") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "::1";
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/metrics");
    }

    /** A URL given on the command line: http or https with a host; no path means /metrics. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(url);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw invalid(url);
        }
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")) {
            return uri.resolve("/metrics");
        }
        return uri;
    }

    /** The /readyz beside {@code metrics}. */
    public static URI readyz(URI metrics) {
        return metrics.resolve("readyz");
    }

    private static IllegalArgumentException invalid(String url) {
        return new IllegalArgumentException("--metrics: '" + url + "' (expected: an http or https URL such as"
                + " http://127.0.0.1:9102/metrics)");
    }
}
