package dev.kubeaudit.bench.jmh;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.journal.Journal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
 * Journal append: one parsed 400-event batch (~420 KB) appended to a real journal
 * ({@code journal.sync: none}) and waited for, each time with a new request digest so the
 * de-duplication never short-cuts it. Nobody consumes: the journal grows by ~2 GB per second of
 * measurement in a temp folder removed afterwards.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JournalAppendBenchmark {
    private Path dir;
    private Journal journal;
    private Batch parsed;
    private long sequence;

    @Setup
    public void open() throws IOException {
        dir = BenchFiles.tempDir("journal-append");
        journal = BenchFiles.journal(dir);
        parsed = BenchFiles.batch();
    }

    @TearDown
    public void close() {
        journal.close();
        BenchFiles.delete(dir);
    }

    /** Batches per second; multiply by 400 for events per second. */
    @Benchmark
    public Object append400EventBatch() {
        byte[] digest = ByteBuffer.allocate(32).putLong(++sequence).array();
        return journal.append(parsed.withDigest(digest)).join();
    }
}
