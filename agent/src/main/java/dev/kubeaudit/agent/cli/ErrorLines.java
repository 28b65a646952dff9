package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.logging.JournalStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Prints the command line's error lines on standard error, each prefixed with journald's error
 * priority ({@code <3>}) when standard error is journald, so that {@code journalctl -p err} shows
 * why a start failed. Stateless.
 */
final class ErrorLines {
    private ErrorLines() {
    }

    /** Each line of {@code text}. */
    static void print(String text) {
        String prefix = JournalStream.isStandardError() ? "<3>" : "";
        text.lines().forEach(line -> System.err.println(prefix + line));
    }

    /** {@code e}'s stack trace, as the JVM prints it. */
    static void printStackTrace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        print(trace.toString());
    }
}
