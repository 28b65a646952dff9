package dev.kubeaudit.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures System.out and System.err around each test ({@code @RegisterExtension}), so command-line
 * output can be asserted on; restores both afterwards.
 */
public final class StandardStreams implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        out.reset();
        err.reset();
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    /** What was printed on standard output so far in this test. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What was printed on standard error so far in this test. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The one line of standard error starting with {@code prefix}; fails unless there is exactly one. */
    public String onlyErrLine(String prefix) {
        List<String> lines = err().lines().filter(l -> l.startsWith(prefix)).toList();
        assertThat(lines).as(err()).hasSize(1);
        return lines.get(0);
    }
}
