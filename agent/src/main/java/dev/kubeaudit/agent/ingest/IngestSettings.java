package dev.kubeaudit.agent.ingest;

import java.util.Objects;

/**
 * Where and how the webhook listens. {@code port} 0 binds a free port; {@code path} is compared with
 * the request path without its query string ({@code ""} and {@code "/"} are the same path);
 * {@code maxRequestBytes} caps one request body, {@code maxInFlightBytes} the bodies being received
 * or waiting for the journal over all connections together; {@code limits} bound connections, time and
 * parsing.
 */
public record IngestSettings(String address, int port, String path, long maxRequestBytes, long maxInFlightBytes,
                             IngestLimits limits) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64L << 20;
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 256L << 20;
    /** Largest body one Java array can hold. */
    public static final long MAX_REQUEST_BYTES_LIMIT = Integer.MAX_VALUE - 8;

    public IngestSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("path: \"" + path + "\" (expected: empty or starting with /)");
        }
        if (maxRequestBytes < 1 || maxRequestBytes > MAX_REQUEST_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxRequestBytes: " + maxRequestBytes
                    + " (expected: 1.." + MAX_REQUEST_BYTES_LIMIT + ")");
        }
        if (maxInFlightBytes < maxRequestBytes) {
            throw new IllegalArgumentException("maxInFlightBytes: " + maxInFlightBytes
                    + " (expected: >= maxRequestBytes " + maxRequestBytes + ")");
        }
    }

    /** With the default limits. */
    public IngestSettings(String address, int port, String path, long maxRequestBytes, long maxInFlightBytes) {
        this(address, port, path, maxRequestBytes, maxInFlightBytes, IngestLimits.DEFAULTS);
    }

    /** The documented defaults: 127.0.0.1:7777, path /, 64 MiB per request, 256 MiB in flight. */
    public static IngestSettings defaults() {
        return new IngestSettings("127.0.0.1", 7777, "/", DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_IN_FLIGHT_BYTES);
    }

    /** The path requests must carry, {@code ""} spelled {@code "/"}. */
    String normalizedPath() {
        return path.isEmpty() ? "/" : path;
    }
}
