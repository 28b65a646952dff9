package dev.kubeaudit.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code search} and {@code export} as the help lists them; {@link Main#execute} hands both, with
 * all their arguments, to {@link SearchJar} before the command line is parsed here.
 */
final class SearchCommand {
    private SearchCommand() {
    }

    @Command(name = "search", description = {"Finds events in the archive (file: or s3://) by user, verb, resource,"
            + " namespace, name, code, time, … or SQL, on embedded DuckDB from audit-search.jar.",
            "`audit-agent search --help` lists its options."})
    static final class Search implements Callable<Integer> {
        @Override
        public Integer call() {
            return SearchJar.run(new String[] {"search", "--help"});
        }
    }

    @Command(name = "export", description = {"Exports a time range of the archive to Parquet under another prefix,"
            + " from audit-search.jar.", "`audit-agent export parquet --help` lists its options."})
    static final class Export implements Callable<Integer> {
        @Override
        public Integer call() {
            return SearchJar.run(new String[] {"export", "--help"});
        }
    }
}
