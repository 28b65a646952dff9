package dev.kubeaudit.agent.tls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused requests at most once per client identity per period, so that a misconfigured or
 * hostile client cannot flood the agent's log; metrics count every refusal. Remembers at most
 * {@value #MAX_CLIENTS} identities (then starts afresh). Thread-safe.
 */
final class AuthFailureLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuthFailureLog.class);
    static final int MAX_CLIENTS = 10_000;

    private final Clock clock;
    private final Duration period;
    private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

    AuthFailureLog(Clock clock, Duration period) {
        this.clock = clock;
        this.period = period;
    }

    /** Logs the refusal unless this identity was logged within the period. */
    void refused(String identity, String address, String reason) {
        if (shouldLog(identity)) {
            LOG.warn("Webhook request from '{}' (client '{}') refused: {}; further refusals of this client are"
                    + " logged at most once per {}", address, identity, reason, period);
        }
    }

    boolean shouldLog(String identity) {
        if (lastLogged.size() >= MAX_CLIENTS) {
            lastLogged.clear();
        }
        Instant now = clock.instant();
        boolean[] log = {false};
        lastLogged.compute(identity, (k, last) -> {
            if (last == null || !now.isBefore(last.plus(period))) {
                log[0] = true;
                return now;
            }
            return last;
        });
        return log[0];
    }
}
