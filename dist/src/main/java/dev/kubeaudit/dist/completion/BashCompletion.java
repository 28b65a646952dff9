package dev.kubeaudit.dist.completion;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.search.cli.ExportMain;
import dev.kubeaudit.search.cli.SearchMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes {@code audit-agent} and {@code audit-shipper}, the bash completion scripts picocli's
 * {@link AutoComplete} generates from the command models of audit-agent.jar and audit-search.jar, into
 * a folder. {@code search} and {@code export}, which audit-agent hands to audit-search.jar before its
 * own parser sees them, are completed from audit-search.jar's commands, not from audit-agent's
 * placeholders for them; audit-shipper is {@code audit-agent ship}. The dist module runs it at build
 * time with the two jars on the class path. Stateless.
 */
public final class BashCompletion {
    private BashCompletion() {
    }

    /** {@code BashCompletion FOLDER}: writes both scripts into FOLDER (created if missing); exit 2 on usage. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BashCompletion FOLDER (expected: one argument, got " + args.length + ")");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException("Creating the folder " + folder + " failed", e);
        }
        write(folder.resolve("audit-agent"), AutoComplete.bash("audit-agent", agent()));
        write(folder.resolve("audit-shipper"), AutoComplete.bash("audit-shipper", shipper()));
    }

    /** audit-agent's command line as it runs: with audit-search.jar's {@code search} and {@code export}. */
    static CommandLine agent() {
        CommandLine agent = new CommandLine(new Main());
        replace(agent, "search", new CommandLine(new SearchMain()));
        replace(agent, "export", new CommandLine(new ExportMain()));
        return agent;
    }

    /** audit-shipper's command line: ShipperMain runs {@code audit-agent ship} with its arguments. */
    static CommandLine shipper() {
        CommandLine ship = agent().getSubcommands().get("ship");
        if (ship == null) {
            throw new IllegalStateException("audit-agent has no ship command (expected: audit-shipper runs it)");
        }
        return ship;
    }

    private static void replace(CommandLine parent, String name, CommandLine command) {
        if (parent.getCommandSpec().removeSubcommand(name) == null) {
            throw new IllegalStateException("audit-agent has no " + name + " command (expected: a placeholder that"
                    + " hands it to audit-search.jar)");
        }
        parent.addSubcommand(name, command);
    }

    private static void write(Path file, String script) throws IOException {
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("Writing the bash completion script " + file + " failed", e);
        }
    }
}
