package dev.kubeaudit.search.testing;

import dev.kubeaudit.search.cli.SearchMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs {@link SearchMain#execute} with standard output and error captured, restoring both afterwards. */
public final class Cli {
    /** What one run printed and returned. */
    public record Result(int exit, byte[] stdout, String err) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public List<String> lines() {
            return out().lines().toList();
        }
    }

    private Cli() {
    }

    /** {@code audit-agent export ARGS…}: {@link SearchMain#execute} with {@code export} first, as audit-agent hands it over. */
    public static Result export(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "export";
        System.arraycopy(args, 0, all, 1, args.length);
        return search(all);
    }

    public static synchronized Result search(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = SearchMain.execute(args);
            return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }
}
