package dev.kubeaudit.agent.logfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** One log directory under test: opens RotatingLogFiles on a MutableClock and closes them all. */
final class LogFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    final Path dir;
    final Path active;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final RecordingListener listener = new RecordingListener();
    volatile Predicate<Path> mayDelete = p -> true;
    private final List<RotatingLogFile> opened = new ArrayList<>();

    LogFixture(Path dir) {
        this.dir = dir;
        this.active = dir.resolve("audit.log");
    }

    static LogFileSettings settings(Path file, long maxBytes, int maxBackups, int maxAgeDays, Compression c) {
        return new LogFileSettings(file, maxBytes, maxBackups, maxAgeDays, c, c == Compression.ZSTD ? 3 : 1, Duration.ZERO);
    }

    LogFileSettings settings(long maxBytes, int maxBackups, int maxAgeDays, Compression c) {
        return settings(active, maxBytes, maxBackups, maxAgeDays, c);
    }

    RotatingLogFile open(long maxBytes) throws IOException {
        return open(settings(maxBytes, 0, 0, Compression.NONE));
    }

    RotatingLogFile open(LogFileSettings s) throws IOException {
        RotatingLogFile log = RotatingLogFile.open(s, clock, listener, p -> mayDelete.test(p));
        opened.add(log);
        return log;
    }

    static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static void write(RotatingLogFile log, String text) throws IOException {
        byte[] bytes = line(text);
        log.write(bytes, 0, bytes.length);
    }

    /** The backup name for the clock's current time. */
    Path backupNow() {
        return BackupNames.backupFor(active, clock.instant());
    }

    Path backupAt(String instant) {
        return BackupNames.backupFor(active, Instant.parse(instant));
    }

    void twoDaysLater() {
        clock.advance(Duration.ofDays(2));
    }

    List<String> names() {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String content(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static String decompressed(Path file, Compression c) throws IOException {
        try (InputStream in = Compressor.decoder(c, Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void create(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    static boolean housekeeperAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("logfile-housekeeper"));
    }

    /** Closes every log opened here and proves their background threads are gone. */
    @Override
    public void close() throws IOException {
        for (RotatingLogFile log : opened) {
            log.close();
        }
        Await.awaitUntil(WAIT, () -> !housekeeperAlive(), "no logfile-housekeeper thread alive");
        assertThat(listener.failures).as("background failures").isEmpty();
    }
}
