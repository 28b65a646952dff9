package dev.kubeaudit.search.cli;

import dev.kubeaudit.search.output.TabRows;
import dev.kubeaudit.search.plan.TimeWindow;
import dev.kubeaudit.search.query.CodeSpec;
import dev.kubeaudit.search.query.CountKey;
import dev.kubeaudit.search.query.CountQuery;
import dev.kubeaudit.search.query.EventFilters;
import dev.kubeaudit.search.query.EventQuery;
import dev.kubeaudit.search.query.Order;
import dev.kubeaudit.search.query.ResourceSpec;
import dev.kubeaudit.search.query.SqlQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of audit-search.jar, {@code audit-agent search ARCHIVE [filters]}: finds events in an
 * archive. Exit 0 done (no match included), 1 a segment could not be read, 2 a
 * flag, the archive location or the query is wrong.
 */
@Command(name = "search", usageHelpWidth = 100,
        description = {"Prints the archived events that match every filter given (a filter given twice, or with"
                + " values separated by commas, matches any of them), newest first, as `audit-agent tail` prints them;"
                + " the count on standard error.", "Exit 0 done (also with no match), 1 a segment could not be read,"
                + " 2 a flag, the archive or the query is wrong."})
public final class SearchMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    final SourceFlags source = new SourceFlags();

    @Mixin
    final SearchFlags flags = new SearchFlags();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Prints this help.")
    boolean help;

    /**
     * Runs the command line and returns its exit status; a first argument {@code search} (as
     * {@code audit-agent search …} passes it) is the command's own name, {@code export} runs
     * {@link ExportMain} with the rest.
     */
    public static int execute(String... args) {
        if (args.length > 0 && args[0].equals("export")) {
            return ExportMain.execute(Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && args[0].equals("search")) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        CommandLine line = new CommandLine(new SearchMain());
        line.setParameterExceptionHandler((e, a) -> {
            System.err.println("search: " + e.getMessage());
            return 2;
        });
        return line.execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    @Override
    public Integer call() {
        Instant now = source.now(Clock.systemUTC());
        TimeWindow window = source.window(now);
        Action action = action();
        // Events can be many and large: streamed. Tables are small, and --sql needs DuckDB's messages.
        boolean stream = flags.sql == null && flags.countBy.isEmpty();
        ArchiveSource from = new ArchiveSource(flags.archive, source.archiveOptions(),
                source.cache().withMaxBytes(flags.cacheMaxBytes), source.scope(window), now,
                source.maxLineBytes(flags.maxLineBytes), flags.verbose);
        return new SearchRun(from).run(action, stream, System.out, System.err);
    }

    private Action action() {
        if (flags.sql != null) {
            requireNone("--sql", "--user", "--group", "--verb", "--resource", "--namespace", "--name", "--code", "--stage",
                    "--source-ip", "--audit-id", "--count-by", "--limit", "--order", "--output");
            SqlQuery query = new SqlQuery(flags.sql);
            return (db, out) -> rows(query.run(db, new TabRows(out)));
        }
        EventFilters filters = filters();
        long limit = limit();
        if (!flags.countBy.isEmpty()) {
            requireNone("--count-by", "--order", "--output");
            CountQuery query = countQuery(filters, limit);
            return (db, out) -> rows(query.run(db, new TabRows(out)));
        }
        EventQuery query = new EventQuery(filters, choice("--order", flags.order, Order.class), limit);
        Outputs output = choice("--output", flags.output, Outputs.class);
        return (db, out) -> {
            EventQuery.Outcome o = query.run(db, output.sink(out));
            return o.events() + (o.events() == 1 ? " event" : " events") + (o.limitReached() ? " (limit reached)" : "");
        };
    }

    private EventFilters filters() {
        return new EventFilters(flags.users, flags.groups, flags.verbs, each("--resource", flags.resources, ResourceSpec::parse),
                flags.namespaces, flags.names, each("--code", flags.codes, CodeSpec::parse), flags.stages, flags.sourceIps,
                flags.auditIds);
    }

    private CountQuery countQuery(EventFilters filters, long limit) {
        List<CountKey> keys = each("--count-by", flags.countBy, k -> CountKey.named(k).orElseThrow(
                () -> new IllegalArgumentException("'" + k + "' (expected: one of " + CountKey.labels() + ")")));
        try {
            return new CountQuery(filters, keys, limit);
        } catch (IllegalArgumentException e) {
            throw usage("--count-by " + String.join(",", flags.countBy) + ": " + e.getMessage());
        }
    }

    private long limit() {
        if (flags.limit != null && flags.limit < 1) {
            throw usage("--limit: " + flags.limit + " (expected: >= 1)");
        }
        return flags.limit == null ? 0 : flags.limit;
    }

    private <T> List<T> each(String option, List<String> values, Function<String, T> parse) {
        List<T> parsed = new ArrayList<>();
        for (String v : values) {
            try {
                parsed.add(parse.apply(v));
            } catch (IllegalArgumentException e) {
                throw usage(option + ": " + e.getMessage());
            }
        }
        return parsed;
    }

    private <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage(option + ": '" + value + "' (expected: one of " + String.join(", ",
                    Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()) + ")");
        }
    }

    private void requireNone(String with, String... options) {
        for (String o : options) {
            if (!o.equals(with) && spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw usage(o + " cannot be given with " + with + (with.equals("--sql") ? " (write it in the query;"
                        + " --cluster, --node, --since and --until can be given)" : ""));
            }
        }
    }

    private static String rows(long rows) {
        return rows + (rows == 1 ? " row" : " rows");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
