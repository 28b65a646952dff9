package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.GoDuration;
import dev.kubeaudit.agent.verify.EventSearch;
import dev.kubeaudit.agent.verify.ExpectedRetention;
import dev.kubeaudit.agent.verify.ReportWriter;
import dev.kubeaudit.agent.verify.TimeBound;
import dev.kubeaudit.agent.verify.TrustedKey;
import dev.kubeaudit.agent.verify.Verifier;
import dev.kubeaudit.agent.verify.VerifierState;
import dev.kubeaudit.agent.verify.VerifyOptions;
import dev.kubeaudit.agent.verify.VerifyReport;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify DESTINATION --public-key FILE…}: checks an archive's chain, signatures, freshness and retention. */
@Command(name = "verify", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 3, exitCodeOnExecutionException = 2,
        description = {"Verifies an archive (s3://bucket/prefix, file:DIR or a local copy made with `aws s3 sync`): every"
                + " record of each node's hash chain, their signatures, the segments they describe, the signed"
                + " checkpoints and how recent the newest is, and in S3 versions and Object Lock. Findings name node,"
                + " seq and object keys (docs/verify.md).",
                "With --event AUDITID: prints a proof (JSON) that the event is in the archive.",
                "Exit 0 clean (warnings allowed), 1 integrity failure, 2 incomplete or stale, 3 usage."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DESTINATION", description = "s3://bucket/prefix, file:DIR or DIR.")
    String destination;

    @Option(names = "--public-key", required = true, paramLabel = "FILE[@FROM..TO]",
            description = "A trusted public key (repeatable), valid for records and checkpoints dated in [FROM, TO):"
                    + " ISO instants or dates, either side may be empty.")
    List<String> publicKeys;

    @Option(names = "--node", paramLabel = "CLUSTER/NODE", description = "Only this node (repeatable; default: every"
            + " node found).")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME", description = "Read only segments from this time on (the chain is"
            + " still walked whole).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Read only segments before this time.")
    String to;

    @Option(names = "--max-staleness", paramLabel = "DURATION", defaultValue = "10m",
            description = "Oldest allowed newest checkpoint (default: ${DEFAULT-VALUE}).")
    String maxStaleness;

    @Option(names = "--state", paramLabel = "FILE", description = "Remembers each node's newest checkpoint after a"
            + " clean run, to detect a rollback next time.")
    Path state;

    @Option(names = "--deep", description = "Also decompress every segment: line count, content size and hash,"
            + " Merkle root.")
    boolean deep;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text", description = "text (default) or"
            + " json: one object per finding, then a summary.")
    String output;

    @Option(names = "--parallel", paramLabel = "N", description = "Objects read at once (default: the core count;"
            + " at least 16 for S3).")
    Integer parallel;

    @Option(names = "--expect-retention", paramLabel = "MODE:DAYS", description = "Object Lock every object should"
            + " have, counted from its record's time, e.g. COMPLIANCE:365.")
    String expectRetention;

    @Option(names = "--event", paramLabel = "AUDITID", description = "Prove one event instead of verifying.")
    String event;

    @Mixin
    ArchiveLocationFlags location = new ArchiveLocationFlags();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Option(names = "--now", hidden = true, paramLabel = "TIME", description = "The time to verify at (tests).")
    String now;

    @Override
    public Integer call() {
        logging.apply(AgentConfig.Logging.DEFAULTS);
        VerifyOptions options = options();
        Clock clock = now == null ? Clock.systemUTC() : Clock.fixed(parse("--now", now), ZoneOffset.UTC);
        VerifierState remembered = readState();
        try (Archive archive = open(options.parallel())) {
            return run(archive, options, clock, remembered);
        } catch (IOException e) {
            System.err.println("verify " + destination + ": " + e.getMessage());
            return 2;
        }
    }

    private int run(Archive archive, VerifyOptions options, Clock clock, VerifierState remembered) throws IOException {
        try {
            if (event != null) {
                return prove(archive, options);
            }
            VerifyReport report = new Verifier(archive, options, clock).verify(remembered);
            Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            if (output.equals("json")) {
                ReportWriter.json(report, out);
            } else {
                ReportWriter.text(report, out);
            }
            if (state != null && report.exitCode() == 0) {
                remembered.with(report.newest()).write(state);
            }
            return report.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("verify of " + archive.describe() + " interrupted");
            return 2;
        }
    }

    private int prove(Archive archive, VerifyOptions options) throws InterruptedException {
        EventSearch.Outcome outcome = new EventSearch(archive, options).find(event);
        if (outcome.proof() != null) {
            System.out.print(outcome.proof().toJson());
            System.out.flush();
        }
        System.err.println(outcome.message());
        return outcome.exitCode();
    }

    private VerifyOptions options() {
        for (String node : nodes) {
            if (!node.matches("[^/\\s+]+/[^/\\s+]+")) {
                throw usage("--node: " + node + " (expected: CLUSTER/NODE)");
            }
        }
        if (!output.equals("text") && !output.equals("json")) {
            throw usage("--output: " + output + " (expected: text or json)");
        }
        if (parallel != null && parallel < 1) {
            throw usage("--parallel: " + parallel + " (expected: >= 1)");
        }
        Duration staleness;
        try {
            staleness = GoDuration.parse(maxStaleness);
        } catch (IllegalArgumentException e) {
            throw usage("--max-staleness: " + maxStaleness + " (expected: " + GoDuration.EXPECTED + ")");
        }
        Instant start = from == null ? null : parse("--from", from);
        Instant end = to == null ? null : parse("--to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw usage("--from " + from + ", --to " + to + " (expected: FROM before TO)");
        }
        return new VerifyOptions(keys(), nodes, start, end, staleness, VerifyOptions.DEFAULT_MAX_CLOCK_SKEW, deep,
                parallel == null ? defaultParallel() : parallel, retention());
    }

    private List<TrustedKey> keys() {
        List<TrustedKey> keys = new ArrayList<>();
        for (String k : publicKeys) {
            try {
                keys.add(TrustedKey.parse(k));
            } catch (IOException | IllegalArgumentException e) {
                throw usage("--public-key " + k + ": " + e.getMessage());
            }
        }
        return keys;
    }

    private ExpectedRetention retention() {
        try {
            return expectRetention == null ? null : ExpectedRetention.parse(expectRetention);
        } catch (IllegalArgumentException e) {
            throw usage("--expect-retention: " + e.getMessage());
        }
    }

    /** One reader per core; an object store serves more at once than a disk: at least 16 GETs. */
    private int defaultParallel() {
        int cores = Runtime.getRuntime().availableProcessors();
        boolean store = destination.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") && !destination.startsWith("file:");
        return store ? Math.max(ArchiveOptions.DEFAULT_CONCURRENCY, cores) : cores;
    }

    private Instant parse(String option, String text) {
        try {
            return TimeBound.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private VerifierState readState() {
        if (state == null) {
            return VerifierState.EMPTY;
        }
        try {
            return VerifierState.read(state);
        } catch (IOException e) {
            throw usage("--state: " + e.getMessage());
        }
    }

    private Archive open(int concurrency) throws IOException {
        ArchiveOptions options = location.archiveOptions().withConcurrency(concurrency);
        try {
            return Archives.open(destination, options);
        } catch (NoSuchFileException | NotDirectoryException | IllegalArgumentException e) {
            throw usage("DESTINATION " + destination + ": " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
