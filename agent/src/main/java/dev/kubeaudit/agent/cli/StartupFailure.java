package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.lifecycle.StartupException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A start-up that failed, as the one line an operator reads: what failed, which key (and file) of
 * the configuration, what to do; e.g. {@code audit-agent: cannot start: listen.tls.certFile
 * /etc/kube-audit-agent/tls/server.crt: no such file (create it, or empty listen.tls to serve plain
 * HTTP on loopback)}. A file that cannot be used is told by the type of its I/O error and matched to
 * the key that names it ({@link ConfiguredPaths}); other failures by the start-up step
 * ({@link StartupException}) they happened in. Immutable.
 *
 * @param line   the line, without a prefix
 * @param status {@link #CONFIGURATION} when the configuration names something that cannot be used,
 *               {@link #OTHER} otherwise (a port in use, a failure nobody configured)
 */
record StartupFailure(String line, int status) {
    /** The exit status of a configuration that cannot start. */
    static final int CONFIGURATION = 2;
    /** The exit status of any other failed start. */
    static final int OTHER = 1;
    private static final Set<String> NOT_CONFIGURATION = Set.of("listen.port", "metrics.port", "journal.dir",
            "log.path");

    /** Prints {@code e} as its one line (and its stack trace too with {@code debug}); returns the exit status. */
    static int report(Throwable e, AgentConfig config, boolean debug) {
        StartupFailure failure = of(e, config);
        ErrorLines.print("audit-agent: cannot start: " + failure.line(), debug ? e : null);
        return failure.status();
    }

    /** What {@code e}, thrown while starting with {@code config}, says to the operator. */
    static StartupFailure of(Throwable e, AgentConfig config) {
        StartupException step = innermost(e, StartupException.class);
        FileSystemException file = find(e, FileSystemException.class);
        if (file != null && file.getFile() != null) {
            Path path = Path.of(file.getFile());
            ConfiguredPaths.Match match = ConfiguredPaths.of(config).match(path, step == null ? null : step.key());
            if (match != null) {
                return new StartupFailure(match.key() + " " + match.value() + ": "
                        + (match.exact() ? "" : path + ": ") + problem(file, match) + " (" + hint(file, match) + ")",
                        CONFIGURATION);
            }
            return new StartupFailure(path + ": " + problem(file, null) + " (" + StartupException.summary(e)
                    + "; --debug prints the stack trace)", OTHER);
        }
        if (step != null) {
            return new StartupFailure(step.getMessage() + " (" + hint(step.key()) + ")",
                    NOT_CONFIGURATION.contains(step.key()) ? OTHER : CONFIGURATION);
        }
        return new StartupFailure(StartupException.summary(e) + " (" + e.getClass().getName()
                + "; --debug prints the stack trace)", OTHER);
    }

    private static String problem(FileSystemException e, ConfiguredPaths.Match match) {
        if (e instanceof NoSuchFileException) {
            return match != null && match.exact() && !match.directory() ? "no such file" : "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied to user '" + System.getProperty("user.name") + "'";
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
            return match != null && (match.directory() || !match.exact()) ? "not a directory" : "exists";
        }
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }

    private static String hint(FileSystemException e, ConfiguredPaths.Match match) {
        String key = match.key();
        if (match.directory() || !match.exact()) {
            if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
                return "move that file out of the way, or correct " + key;
            }
            if (e instanceof AccessDeniedException) {
                return "let user '" + System.getProperty("user.name") + "' write there, or correct " + key;
            }
            return e instanceof NoSuchFileException ? "create the directory, or correct " + key : "correct " + key;
        }
        if (e instanceof AccessDeniedException) {
            return "let user '" + System.getProperty("user.name") + "' " + (match.written() ? "write" : "read")
                    + " it, or correct " + key;
        }
        if (!(e instanceof NoSuchFileException)) {
            return "correct " + key;
        }
        switch (key) {
            case "listen.tls.certFile", "listen.tls.keyFile", "listen.tls.clientCAFile":
                return "create it, or empty listen.tls to serve plain HTTP on loopback";
            case "integrity.signingKeyFile":
                return "make one with `audit-agent keygen --out " + match.value() + "`, or empty " + key
                        + " to sign with a key the agent generates";
            case "policy.file":
                return "create it, or empty policy.file to keep every event";
            default:
                return "create it, or empty " + key;
        }
    }

    private static String hint(String key) {
        switch (key) {
            case "listen.port":
                return "stop what listens there or choose another listen.port; listen.address must be an address of"
                        + " this host";
            case "metrics.port":
                return "stop what listens there or choose another metrics.port; metrics.address must be an address"
                        + " of this host";
            case "listen.tls":
                return "listen.tls.certFile: a PEM certificate chain, keyFile: its unencrypted PEM private key;"
                        + " or empty listen.tls to serve plain HTTP on loopback";
            case "listen.bearerTokenFile":
                return "put the token in it, or empty listen.bearerTokenFile";
            case "integrity.signingKeyFile":
                return "give a key made by `audit-agent keygen`, readable by its owner only, or empty " + key;
            case "ship.destination":
                return "check ship.destination, ship.endpoint, ship.region and the store's credentials";
            default:
                return "check " + key + "; --debug prints the stack trace";
        }
    }

    /** The first {@code type} in {@code e}'s cause chain, or null. */
    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        Throwable t = e;
        for (int i = 0; i < 20 && t != null; i++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The last {@code type} in {@code e}'s cause chain (the step nearest to what failed), or null. */
    private static <T extends Throwable> T innermost(Throwable e, Class<T> type) {
        T found = null;
        Throwable t = e;
        for (int i = 0; i < 20 && t != null; i++, t = t.getCause()) {
            if (type.isInstance(t)) {
                found = type.cast(t);
            }
        }
        return found;
    }
}
