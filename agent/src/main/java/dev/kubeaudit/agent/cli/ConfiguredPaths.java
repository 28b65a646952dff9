package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files and directories a configuration names, each with its key, to tell which key a path that
 * failed at start-up belongs to: the file itself, something inside a directory, or a directory on the
 * way to one. Immutable.
 */
final class ConfiguredPaths {
    /**
     * One key's path: {@code value} as configured, {@code path} absolute; {@code folder}: where what
     * it owns lives (the directory itself, log.path's directory, or null for a file it only reads).
     */
    private record Named(String key, String value, Path path, boolean directory, Path folder) {
    }

    /**
     * The key a failed path belongs to.
     *
     * @param exact     the path is the configured one itself
     * @param directory the key names a directory
     * @param written   the agent writes there (a directory, log.path), rather than only reading a file
     */
    record Match(String key, String value, boolean exact, boolean directory, boolean written) {
    }

    private final List<Named> named;

    private ConfiguredPaths(List<Named> named) {
        this.named = named;
    }

    static ConfiguredPaths of(AgentConfig config) {
        List<Named> named = new ArrayList<>();
        AgentConfig.Tls tls = config.listen().tls();
        file(named, "listen.tls.certFile", tls.certFile());
        file(named, "listen.tls.keyFile", tls.keyFile());
        file(named, "listen.tls.clientCAFile", tls.clientCAFile());
        file(named, "listen.bearerTokenFile", config.listen().bearerTokenFile());
        file(named, "policy.file", config.policy().file());
        file(named, "integrity.signingKeyFile", config.integrity().signingKeyFile());
        Path log = absolute(config.log().path());
        named.add(new Named("log.path", config.log().path().toString(), log, false, log.getParent()));
        directory(named, "journal.dir", config.journal().dir().toString());
        if (config.ship().ledgerDir() != null) {
            directory(named, "ship.ledgerDir", config.ship().ledgerDir().toString());
        }
        String destination = config.ship().destination();
        if (destination.startsWith("file:")) {
            directory(named, "ship.destination", destination);
        }
        return new ConfiguredPaths(named);
    }

    private static void file(List<Named> named, String key, Path path) {
        if (path != null) {
            named.add(new Named(key, path.toString(), absolute(path), false, null));
        }
    }

    private static void directory(List<Named> named, String key, String value) {
        Path path = absolute(Path.of(value.startsWith("file:") ? value.substring("file:".length()) : value));
        named.add(new Named(key, value, path, true, path));
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /**
     * The key {@code failed} belongs to, or null: the key naming exactly that path first; then
     * {@code step}, the key of the start-up step that failed, when its path contains or leads to it;
     * then the deepest directory containing it; then a path it leads to (a directory on the way).
     */
    Match match(Path failed, String step) {
        Path path = absolute(failed);
        for (Named n : named) {
            if (n.path().equals(path)) {
                return new Match(n.key(), n.value(), true, n.directory(), n.folder() != null);
            }
        }
        Named best = null;
        int bestRank = 0;
        for (Named n : named) {
            int rank = rank(n, path, step);
            if (rank > bestRank) {
                best = n;
                bestRank = rank;
            }
        }
        return best == null ? null : new Match(best.key(), best.value(), false, best.directory(), best.folder() != null);
    }

    /** 0 unrelated; the step's own key above a directory holding {@code path}, the deepest first, above one it leads to. */
    private static int rank(Named n, Path path, String step) {
        boolean inside = n.folder() != null && path.startsWith(n.folder());
        boolean onTheWay = n.path().startsWith(path);
        if (!inside && !onTheWay) {
            return 0;
        }
        if (n.key().equals(step)) {
            return Integer.MAX_VALUE;
        }
        return inside ? 1000 + n.folder().getNameCount() : 1;
    }
}
