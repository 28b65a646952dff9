package dev.kubeaudit.agent.ingest;

import java.time.Duration;

/**
 * Connection and parser limits of the webhook; each hit is reported to
 * {@link IngestListener#limitHit(String)} with the label named here. Immutable.
 *
 * @param maxConnections      connections open at once; more are closed on accept ({@code connections})
 * @param idleTimeout         a connection with no request in progress for this long is closed ({@code idle_timeout})
 * @param requestTimeout      a request (and a new connection's TLS handshake) must arrive completely within
 *                            this long from its first byte; else 408 and close ({@code request_timeout})
 * @param maxHeaderBytes      request line and header bytes; more get 431 ({@code header_bytes})
 * @param maxEventsPerBatch   items of one EventList; more get 413 ({@code events_per_batch})
 * @param maxJsonNestingDepth JSON nesting; deeper gets 400 ({@code json_depth})
 * @param maxJsonStringLength longest JSON string or name, in bytes as written; longer gets 400 ({@code json_string})
 * @param maxJsonNumberLength longest JSON number in digits (integer, fraction and exponent together, no sign,
 *                            point or exponent mark); longer gets 400 ({@code json_number})
 */
public record IngestLimits(int maxConnections, Duration idleTimeout, Duration requestTimeout, int maxHeaderBytes,
                           int maxEventsPerBatch, int maxJsonNestingDepth, int maxJsonStringLength,
                           int maxJsonNumberLength) {
    /** The documented defaults. */
    public static final IngestLimits DEFAULTS = new IngestLimits(256, Duration.ofMinutes(2), Duration.ofSeconds(30),
            16 << 10, 10_000, 1000, 16 << 20, 1000);

    public IngestLimits {
        positive("maxConnections", maxConnections);
        positive("idleTimeout", idleTimeout);
        positive("requestTimeout", requestTimeout);
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes: " + maxHeaderBytes + " (expected: >= 1024)");
        }
        positive("maxEventsPerBatch", maxEventsPerBatch);
        positive("maxJsonNestingDepth", maxJsonNestingDepth);
        positive("maxJsonStringLength", maxJsonStringLength);
        positive("maxJsonNumberLength", maxJsonNumberLength);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1)");
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
