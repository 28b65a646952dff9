package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.lifecycle.StartupException;
import dev.kubeaudit.agent.logging.LogSetup;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of audit-agent.jar: {@code run} (the default), {@code ship}, {@code check-config}, {@code policy},
 * {@code keygen}, {@code tail}, {@code verify}, {@code status}, and {@code search} and {@code export} from audit-search.jar.
 */
@Command(name = "audit-agent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Receives kube-apiserver audit webhook batches, journals them durably and writes audit.log"
                + " as kube-apiserver's log backend would.",
        subcommands = {RunCommand.class, ShipCommand.class, CheckConfigCommand.class, PolicyCommand.class, KeygenCommand.class,
                TailCommand.class, VerifyCommand.class, StatusCommand.class, SearchCommand.Search.class, SearchCommand.Export.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Chronicle Queue's usage analytics and start-up banner: off unless asked for on the command line.
        System.setProperty("chronicle.analytics.disable", System.getProperty("chronicle.analytics.disable", "true"));
        System.setProperty("chronicle.announcer.disable", System.getProperty("chronicle.announcer.disable", "true"));
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns its exit status (0 ok, 1 failure, 2 usage or configuration error).
     * The log starts with the built-in set-up (text lines, root at info) whatever an earlier run in this
     * JVM set; a command that fails with an exception prints one line, and its stack trace only with
     * {@code --debug}.
     */
    public static int execute(String... args) {
        try {
            LogSetup.apply(false, Map.of());
            if (args.length > 0 && (args[0].equals("search") || args[0].equals("export"))) {
                return SearchJar.run(args);
            }
            String[] effective = args;
            if (args.length == 0 || args[0].startsWith("-") && !isTopLevelOption(args[0])) {
                effective = prepend("run", args);
            }
            return new CommandLine(new Main())
                    .setCaseInsensitiveEnumValuesAllowed(true)
                    .setExecutionExceptionHandler((e, command, parsed) -> failed(e, command.getCommandName(),
                            command.getCommandSpec().findOption("--debug") != null,
                            command.getParseResult().hasMatchedOption("--debug")))
                    .execute(effective);
        } catch (RuntimeException | Error e) {
            return failed(e, "audit-agent", true, Arrays.asList(args).contains("--debug"));
        }
    }

    /**
     * One line for a command that ended in an exception: its messages; the stack trace with --debug.
     *
     * @param debuggable whether the command takes --debug (the line then says what it does)
     */
    private static int failed(Throwable e, String command, boolean debuggable, boolean debug) {
        ErrorLines.print("audit-agent: " + command + " failed: " + StartupException.summary(e) + " ("
                + e.getClass().getName() + (debug || !debuggable ? ")" : "; --debug prints the stack trace)"),
                debug ? e : null);
        return 1;
    }

    private static boolean isTopLevelOption(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Override
    public void run() {
        // Only reached through execute(): no sub-command means run.
    }
}
