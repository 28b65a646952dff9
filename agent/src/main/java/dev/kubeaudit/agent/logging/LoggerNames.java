package dev.kubeaudit.agent.logging;

import java.util.List;
import java.util.Optional;

/**
 * The names logging.level takes and the component a log line shows: {@code root}; a component, which
 * is a package of the agent ({@code ingest} = {@code dev.kubeaudit.agent.ingest}), or {@code agent},
 * {@code shipper} or {@code search} for a whole module; or a logger name with dots ({@code io.netty}).
 * Stateless.
 */
public final class LoggerNames {
    /** The name of the root logger in logging.level. */
    public static final String ROOT = "root";
    /** The agent's packages under {@code dev.kubeaudit.agent}, one component each. */
    public static final List<String> PACKAGES = List.of("archive", "cli", "config", "durable", "event", "forward",
            "ingest", "integrity", "journal", "lifecycle", "logfile", "logging", "metrics", "policy", "preflight",
            "ship", "status", "systemd", "tail", "tls", "verify", "writer");
    /** Whole modules: every logger of the agent, of the shipper module, of search and export. */
    public static final List<String> MODULES = List.of("agent", "shipper", "search");
    /** What a logging.level key may be, for problems. */
    public static final String EXPECTED = "root, a component (" + String.join(", ", PACKAGES) + "), "
            + String.join(", ", MODULES) + " or a logger name with dots, e.g. io.netty";

    private static final String BASE = "dev.kubeaudit.";
    private static final String AGENT = BASE + "agent.";
    private static final String LOGGER_NAME = "[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+";

    private LoggerNames() {
    }

    /**
     * The logger a logging.level key names: {@link #ROOT} as itself, a component as its package, a
     * dotted name as written; empty for anything else (an unknown component, a name with spaces, …).
     */
    public static Optional<String> logger(String key) {
        if (key.equals(ROOT)) {
            return Optional.of(ROOT);
        }
        if (PACKAGES.contains(key)) {
            return Optional.of(AGENT + key);
        }
        if (MODULES.contains(key)) {
            return Optional.of(BASE + key);
        }
        return key.matches(LOGGER_NAME) ? Optional.of(key) : Optional.empty();
    }

    /**
     * The component a line of {@code logger} shows: the agent's package ({@code ingest}), {@code agent}
     * for the agent's top package, {@code shipper} or {@code search} for those modules; any other
     * logger's own name.
     */
    public static String component(String logger) {
        if (logger.startsWith(AGENT)) {
            String rest = logger.substring(AGENT.length());
            int dot = rest.indexOf('.');
            return dot < 0 ? "agent" : rest.substring(0, dot);
        }
        for (String module : MODULES) {
            if (logger.startsWith(BASE + module + ".")) {
                return module;
            }
        }
        return logger;
    }
}
