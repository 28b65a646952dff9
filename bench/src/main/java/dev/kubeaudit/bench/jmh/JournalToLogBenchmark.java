package dev.kubeaudit.bench.jmh;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.journal.Journal;
import dev.kubeaudit.agent.journal.JournalEntry;
import dev.kubeaudit.agent.journal.JournalTailer;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.agent.logfile.LogFileListener;
import dev.kubeaudit.agent.logfile.LogFileSettings;
import dev.kubeaudit.agent.logfile.RotatingLogFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Journal read + line write: a tailer reads 400-event entries from a real journal (64 entries,
 * read round and round) and writes each event as an audit.log line through {@link RotatingLogFile}
 * rotating every 16 MiB and keeping 2 backups, uncompressed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JournalToLogBenchmark {
    private Path dir;
    private Journal journal;
    private JournalTailer tailer;
    private RotatingLogFile log;

    @Setup
    public void open() throws IOException {
        dir = BenchFiles.tempDir("journal-to-log");
        journal = BenchFiles.journal(dir);
        Batch parsed = BenchFiles.batch();
        for (long i = 0; i < 64; i++) {
            journal.append(parsed.withDigest(ByteBuffer.allocate(32).putLong(i).array())).join();
        }
        tailer = journal.tailer("bench");
        log = RotatingLogFile.open(new LogFileSettings(dir.resolve("log/audit.log"), 16L << 20, 2, 0,
                Compression.NONE, LogFileSettings.DEFAULT_COMPRESSION_LEVEL, Duration.ZERO),
                Clock.systemUTC(), new LogFileListener() { }, p -> true);
    }

    @TearDown
    public void close() throws IOException {
        log.close();
        tailer.close();
        journal.close();
        BenchFiles.delete(dir);
    }

    /** Entries (400 events each) per second. */
    @Benchmark
    public long readAndWrite400Events() throws IOException {
        JournalEntry entry = tailer.next();
        if (entry == null) {
            tailer.moveToStart();
            entry = tailer.next();
        }
        Batch batch = entry.batch();
        for (int i = 0; i < batch.size(); i++) {
            log.writeLine(batch.data(), batch.start(i), batch.contentLength(i));
        }
        return entry.index();
    }
}
