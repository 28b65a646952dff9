package dev.kubeaudit.bench;

import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.logfile.LogFileListener;
import dev.kubeaudit.agent.logfile.LogFileSettings;
import dev.kubeaudit.agent.logfile.RotatingLogFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * The agent's log writer ({@link RotatingLogFile}) beside Log4j 2's {@code RollingRandomAccessFile}
 * appender (synchronous logger, {@code %m%n}, immediateFlush off), both writing the same lines with
 * the same size policy (rotate at {@code maxMiB} MiB, keep every backup, no compression), each into
 * its own empty folder, timed to the last byte handed to the OS. Prints lines/s, the ratio and a
 * RESULT line; removes the files. Single-threaded.
 *
 * <p>{@code java -cp bench/target/audit-bench.jar dev.kubeaudit.bench.LogWriterComparison DIR [lines] [lineBytes] [maxMiB]}
 */
public final class LogWriterComparison {
    private LogWriterComparison() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long count = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int lineBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1025;
        int maxMiB = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Lines lines = new Lines(lineBytes);
        double ours = 0;
        double log4j = 0;
        for (int round = 0; round < 2; round++) { // the first round warms both up
            ours = count / rotating(dir.resolve("ours"), lines, count, maxMiB);
            log4j = count / log4j(dir.resolve("log4j"), lines, count, maxMiB);
        }
        System.out.printf(Locale.ROOT, "log writer: RotatingLogFile %.0f lines/s, Log4j 2 RollingRandomAccessFile %.0f lines/s,"
                + " ratio %.2f (%d lines x %d bytes, rotation at %d MiB)%n", ours, log4j, ours / log4j, count, lineBytes, maxMiB);
        System.out.printf(Locale.ROOT, "RESULT label=logwriter ours_lps=%.0f log4j_lps=%.0f ratio=%.2f%n", ours, log4j, ours / log4j);
    }

    private static double rotating(Path dir, Lines lines, long count, int maxMiB) throws IOException {
        LogFileSettings settings = new LogFileSettings(dir.resolve("audit.log"), maxMiB * 1024L * 1024L, 0, 0,
                Compression.NONE, LogFileSettings.DEFAULT_COMPRESSION_LEVEL, Duration.ZERO);
        long start = System.nanoTime();
        try (RotatingLogFile log = RotatingLogFile.open(settings, Clock.systemUTC(), new LogFileListener() { }, p -> true)) {
            for (long i = 0; i < count; i++) {
                byte[] line = lines.bytes(i);
                log.write(line, 0, line.length);
            }
            log.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        delete(dir, count * lines.bytes(0).length);
        return seconds;
    }

    private static double log4j(Path dir, Lines lines, long count, int maxMiB) throws IOException {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.WARN);
        b.setConfigurationName("bench");
        b.add(b.newAppender("rolling", "RollingRandomAccessFile")
                .addAttribute("fileName", dir.resolve("audit.log").toString())
                .addAttribute("filePattern", dir.resolve("audit-%i.log").toString())
                .addAttribute("immediateFlush", false)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%m%n"))
                .addComponent(b.newComponent("Policies").addComponent(b.newComponent("SizeBasedTriggeringPolicy")
                        .addAttribute("size", maxMiB + " MB")))
                .addComponent(b.newComponent("DefaultRolloverStrategy").addAttribute("max", 100_000)
                        .addAttribute("fileIndex", "nomax")));
        b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("rolling")));
        long start = System.nanoTime();
        LoggerContext context = new LoggerContext("bench-" + System.nanoTime());
        context.start(b.build());
        Logger logger = context.getLogger("audit");
        for (long i = 0; i < count; i++) {
            logger.info(lines.string(i));
        }
        context.stop();
        double seconds = (System.nanoTime() - start) / 1e9;
        delete(dir, count * lines.bytes(0).length);
        return seconds;
    }

    /** Checks that the folder holds exactly the bytes written, then removes it. */
    private static void delete(Path dir, long expectedBytes) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                bytes += Files.isRegularFile(p) ? Files.size(p) : 0;
                Files.delete(p);
            }
        }
        if (bytes != expectedBytes) {
            throw new IllegalStateException(dir + ": " + bytes + " bytes written (expected: " + expectedBytes + ")");
        }
    }
}
