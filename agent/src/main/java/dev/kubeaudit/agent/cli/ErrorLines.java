package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.logging.JournalStream;
import dev.kubeaudit.agent.logging.LogSetup;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the command line's error lines on standard error, each prefixed with journald's error
 * priority ({@code <3>}) when standard error is journald, so that {@code journalctl -p err} shows
 * why a start failed; with JSON log lines asked for, as error lines of the log instead, so that
 * every line stays JSON. Stateless.
 */
final class ErrorLines {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorLines.class);

    private ErrorLines() {
    }

    /** Each line of {@code text}. */
    static void print(String text) {
        print(text, null);
    }

    /** {@code text}, then {@code trace}'s stack trace as the JVM prints it when not null. */
    static void print(String text, Throwable trace) {
        if (LogSetup.jsonLines()) {
            LOG.error(text, trace);
            return;
        }
        String prefix = JournalStream.isStandardError() ? "<3>" : "";
        text.lines().forEach(line -> System.err.println(prefix + line));
        if (trace != null) {
            StringWriter lines = new StringWriter();
            trace.printStackTrace(new PrintWriter(lines));
            lines.toString().lines().forEach(line -> System.err.println(prefix + line));
        }
    }
}
