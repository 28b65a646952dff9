package dev.kubeaudit.search.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code audit-agent export FORMAT …}: a time range of the archive written elsewhere in another
 * format; {@code parquet} ({@link ParquetCommand}) is the one there is. Exit 0 written, 1 a segment
 * or the destination could not be read or written, 2 a flag, the archive or the destination is wrong.
 */
@Command(name = "export", usageHelpWidth = 100, subcommands = ParquetCommand.class,
        description = {"Exports a time range of the archive in another format, under another folder or prefix;"
                + " the archive itself is only read.", "Exit 0 written, 1 a segment or the destination could not be"
                + " read or written, 2 a flag, the archive or the destination is wrong."})
public final class ExportMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Prints this help.")
    boolean help;

    /** Runs {@code export}'s arguments (those after {@code export}) and returns the exit status. */
    public static int execute(String... args) {
        CommandLine line = new CommandLine(new ExportMain());
        line.setParameterExceptionHandler((e, a) -> {
            System.err.println("export: " + e.getMessage());
            return 2;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        System.err.println("export: a format is required (expected: parquet)");
        spec.commandLine().usage(System.err);
        return 2;
    }
}
