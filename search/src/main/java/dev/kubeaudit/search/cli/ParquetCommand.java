package dev.kubeaudit.search.cli;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.search.export.ExportTarget;
import dev.kubeaudit.search.export.RunName;
import dev.kubeaudit.search.plan.SegmentScope;
import dev.kubeaudit.search.plan.TimeWindow;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-agent export parquet ARCHIVE --to DEST [--since … --until … --cluster … --node …]}:
 * checks the flags, then hands them to an {@link ExportRun}. The flags ARCHIVE, --since, --until,
 * --cluster, --node, --endpoint, --region, --path-style, --cache-dir and --max-line-bytes mean
 * what they mean to {@code search}.
 */
@Command(name = "parquet", usageHelpWidth = 100,
        description = {"Writes the archived events of a time range as Parquet (zstd), partitioned as"
                + " DEST/export-SINCE-UNTIL-STAMP/cluster=CLUSTER/dt=DAY/data_N.parquet: a new run folder each time,"
                + " nothing replaced. Columns: the event's fields typed (requestObject, responseObject as JSON text),"
                + " then node, segment and segment_sha256 (the segment's SHA-256 from its manifest); not the raw line.",
                "Prints each file written and its rows; the total on standard error.",
                "Exit 0 written (also when no event is in the range: then nothing is), 1 a segment or the destination"
                        + " could not be read or written, 2 a flag, the archive or the destination is wrong."})
final class ParquetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ARCHIVE", description = "file:DIR, DIR or s3://BUCKET/PREFIX.")
    String archive;

    @Option(names = "--to", required = true, paramLabel = "DEST", description = "file:DIR, DIR or s3://BUCKET/PREFIX,"
            + " outside the archive (S3 with --endpoint, --region and --path-style, as the archive).")
    String to;

    @Option(names = "--cluster", split = ",", paramLabel = "CLUSTER", description = "Only segments of these clusters.")
    List<String> clusters = new ArrayList<>();

    @Option(names = "--node", split = ",", paramLabel = "NODE", description = "Only segments of these nodes.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME", description = "stageTimestamp at or after: 7d, 24h, 90m (ago),"
            + " 2026-05-01T10:00:00Z or 2026-05-01.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "stageTimestamp before; as --since.")
    String until;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES", defaultValue = "65Mi", description = "The longest event"
            + " line read (default: ${DEFAULT-VALUE}, for listen.maxRequestBytes up to 64Mi).")
    String maxLineBytes;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where copies of S3 segments are kept (as search).")
    Path cacheDir;

    @Option(names = "--endpoint", paramLabel = "URL", description = "S3 endpoint (default: AWS).")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "us-east-1", description = "S3 region"
            + " (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--path-style", description = "Path-style S3 URLs.")
    boolean pathStyle;

    @Option(names = {"-v", "--verbose"}, description = "Also print which segments are read.")
    boolean verbose;

    @Option(names = "--now", hidden = true, paramLabel = "TIME", description = "The time durations count back from"
            + " and the run is stamped with (tests).")
    String now;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Prints this help.")
    boolean help;

    private final Clock clock;

    ParquetCommand() {
        this(Clock.systemUTC());
    }

    ParquetCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Instant stamp = now == null ? clock.instant() : time("--now", now, Instant.EPOCH);
        TimeWindow window = window(stamp);
        ArchiveOptions options = options();
        ExportTarget target;
        try {
            target = ExportTarget.of(to, options);
        } catch (IllegalArgumentException e) {
            throw usage("--to: " + e.getMessage());
        }
        long lineBytes;
        try {
            lineBytes = LineBytesArg.parse(maxLineBytes);
        } catch (IllegalArgumentException e) {
            throw usage("--max-line-bytes: " + e.getMessage());
        }
        SegmentScope scope = new SegmentScope(Set.copyOf(clusters), Set.copyOf(nodes), window);
        Path cache = cacheDir != null ? cacheDir : CacheDir.of(System.getenv(), System.getProperty("user.home"));
        return new ExportRun(archive, options, cache, scope, lineBytes, verbose)
                .run(target, RunName.of(window, stamp), System.out, System.err);
    }

    private TimeWindow window(Instant stamp) {
        Instant from = since == null ? null : time("--since", since, stamp);
        Instant to = until == null ? null : time("--until", until, stamp);
        try {
            return new TimeWindow(from, to);
        } catch (IllegalArgumentException e) {
            throw usage("--since " + since + ", --until " + until + ": " + e.getMessage());
        }
    }

    private ArchiveOptions options() {
        try {
            URI uri = endpoint == null ? null : URI.create(endpoint);
            return new ArchiveOptions(uri, region, pathStyle, ArchiveOptions.DEFAULT_CONCURRENCY);
        } catch (IllegalArgumentException e) {
            throw usage("--endpoint " + endpoint + ", --region " + region + ": " + e.getMessage());
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
        return new ParameterException(spec.commandLine(), message);
    }
}
