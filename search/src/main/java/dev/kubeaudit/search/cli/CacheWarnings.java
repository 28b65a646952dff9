package dev.kubeaudit.search.cli;

import dev.kubeaudit.search.files.CacheListener;
import java.io.PrintStream;

/**
 * The cache's events as lines on standard error, one sentence each, starting with the command's
 * name ({@code search:}, {@code export:}): a
 * segment read without a manifest's SHA-256 and a cached copy fetched again always; evictions only
 * when {@code verbose}. Thread-safe as far as {@code err} is (each event is one println).
 */
final class CacheWarnings implements CacheListener {
    private final String command;
    private final PrintStream err;
    private final boolean verbose;

    CacheWarnings(String command, PrintStream err, boolean verbose) {
        this.command = command;
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public void unverified(String archive, String key) {
        err.println(command + ": segment '" + key + "' has no manifest: its copy is not checked against a stored SHA-256");
    }

    @Override
    public void discarded(String archive, String key, String reason) {
        err.println(command + ": cached copy of '" + key + "' re-fetched: " + reason);
    }

    @Override
    public void evicted(int entries, long bytes) {
        if (verbose) {
            err.println(command + ": cache: evicted " + entries + (entries == 1 ? " copy" : " copies") + " of " + bytes
                    + " bytes, least recently used first");
        }
    }

    @Override
    public void evictionDeferred() {
        if (verbose) {
            err.println(command + ": cache: eviction left to another search still using the cache");
        }
    }
}
