package dev.kubeaudit.search.cli;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.search.export.ExportTarget;
import dev.kubeaudit.search.export.RunName;
import dev.kubeaudit.search.plan.TimeWindow;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-agent export parquet ARCHIVE --to DEST [--since … --until … --cluster … --node …]}:
 * checks the flags, then hands them to an {@link ExportRun}. The flags it shares with {@code search}
 * ({@link SourceFlags}) mean what they mean there; so do ARCHIVE and --max-line-bytes.
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

    @Mixin
    final SourceFlags source = new SourceFlags();

    @Parameters(paramLabel = "ARCHIVE", description = "file:DIR, DIR or s3://BUCKET/PREFIX.")
    String archive;

    @Option(names = "--to", required = true, paramLabel = "DEST", description = "file:DIR, DIR or s3://BUCKET/PREFIX,"
            + " outside the archive (S3 with --endpoint, --region and --path-style, as the archive).")
    String to;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES", defaultValue = "65Mi", description = "The longest event"
            + " line read (default: ${DEFAULT-VALUE}, for listen.maxRequestBytes up to 64Mi).")
    String maxLineBytes;

    @Option(names = {"-v", "--verbose"}, description = "Also print which segments are read.")
    boolean verbose;

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
        Instant stamp = source.now(clock);
        TimeWindow window = source.window(stamp);
        ArchiveOptions options = source.archiveOptions();
        ExportTarget target;
        try {
            target = ExportTarget.of(to, options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--to: " + e.getMessage());
        }
        ArchiveSource from = new ArchiveSource(archive, options, source.cache(), source.scope(window), stamp,
                source.maxLineBytes(maxLineBytes), verbose);
        return new ExportRun(from).run(target, RunName.of(window, stamp), System.out, System.err);
    }
}
