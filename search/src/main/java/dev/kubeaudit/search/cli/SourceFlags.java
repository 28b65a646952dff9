package dev.kubeaudit.search.cli;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.cli.ArchiveLocationFlags;
import dev.kubeaudit.search.files.CacheOptions;
import dev.kubeaudit.search.plan.SegmentScope;
import dev.kubeaudit.search.plan.TimeWindow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags {@code search} and {@code export parquet} share, mixed into both: how the archive is
 * reached (--endpoint, --region, --path-style, --cache-dir) and which of its segments and events are
 * read (--cluster, --node, --since, --until, the hidden --now). ARCHIVE, --max-line-bytes and -v are
 * declared by each command, whose help says what they do there; {@link #maxLineBytes} checks the
 * second. The methods check the flags and build what a run takes; a wrong value throws a
 * {@link ParameterException} of the command they are mixed into, naming the flag and the value.
 * Not thread-safe: filled by picocli, then read by the command's thread.
 */
final class SourceFlags {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--cluster", split = ",", paramLabel = "CLUSTER", description = "Only segments of these clusters.")
    List<String> clusters = new ArrayList<>();

    @Option(names = "--node", split = ",", paramLabel = "NODE", description = "Only segments of these nodes.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME", description = "stageTimestamp at or after: 7d, 24h, 90m (ago),"
            + " 2026-05-01T10:00:00Z or 2026-05-01.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "stageTimestamp before; as --since.")
    String until;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where copies of S3 segments and manifests are"
            + " kept and reused by later searches, which then fetch nothing; every use hashes the copy again, and a copy"
            + " whose bytes changed since its download is fetched again, with a warning (default:"
            + " $XDG_CACHE_HOME/kube-audit-agent/search, else ~/.cache/kube-audit-agent/search).")
    Path cacheDir;

    @Mixin
    final ArchiveLocationFlags location = new ArchiveLocationFlags();

    @Option(names = "--now", hidden = true, paramLabel = "TIME", description = "The time durations count back from,"
            + " and an export's run is stamped with (tests).")
    String now;

    /** --now, else {@code clock}'s time: what durations count back from. */
    Instant now(Clock clock) {
        return now == null ? clock.instant() : time("--now", now, Instant.EPOCH);
    }

    /** The range --since and --until give, durations counting back from {@code now}; unbounded where not given. */
    TimeWindow window(Instant now) {
        Instant from = since == null ? null : time("--since", since, now);
        Instant to = until == null ? null : time("--until", until, now);
        try {
            return new TimeWindow(from, to);
        } catch (IllegalArgumentException e) {
            throw usage("--since " + since + ", --until " + until + ": " + e.getMessage());
        }
    }

    /** The segments of --cluster and --node (all where not given) that can hold events of {@code window}. */
    SegmentScope scope(TimeWindow window) {
        return new SegmentScope(Set.copyOf(clusters), Set.copyOf(nodes), window);
    }

    /** How an S3 archive (or destination) is reached: --endpoint, --region, --path-style. */
    ArchiveOptions archiveOptions() {
        return location.archiveOptions();
    }

    /** The cache in --cache-dir, else in {@link CacheDir}'s folder of this process's environment; its defaults otherwise. */
    CacheOptions cache() {
        return CacheOptions.in(cacheDir != null ? cacheDir : CacheDir.of(System.getenv(), System.getProperty("user.home")));
    }

    /** {@code text}, the value of the command's --max-line-bytes, as bytes. */
    long maxLineBytes(String text) {
        try {
            return LineBytesArg.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage("--max-line-bytes: " + e.getMessage());
        }
    }

    private Instant time(String option, String text, Instant reference) {
        try {
            return TimeArg.parse(text, reference);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
