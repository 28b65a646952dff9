package dev.kubeaudit.agent.journal;

import static dev.kubeaudit.agent.journal.TestJournals.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BatchSink.Appended;
import dev.kubeaudit.agent.ingest.EventListParser;
import dev.kubeaudit.agent.journal.TestJournals.RecordingListener;
import dev.kubeaudit.agent.testing.Await;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.agent.testing.SharedData;
import dev.kubeaudit.agent.testing.StandardStreams;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JournalPretoucherTest {
    /** Small blocks, so that Chronicle grows the cycle file many times while the pretoucher runs. */
    static final long BLOCK_SIZE = 1L << 20;
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final RecordingListener listener = new RecordingListener();
    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void entriesAppendedWhilePagesArePretouchedReadBackByteIdenticalAndTheFileIsChroniclesOwnSize() throws Exception {
        Path dir = tmp.resolve("journal");
        List<Batch> appended = realBatches(30);
        JournalPretoucher pretoucher;
        try (Journal journal = Journal.open(settings(dir), clock, listener, BLOCK_SIZE)) {
            pretoucher = pretoucherOf(journal);
            List<CompletableFuture<Appended>> futures = new ArrayList<>();
            for (Batch batch : appended) {
                futures.add(journal.append(batch));
            }
            for (CompletableFuture<Appended> f : futures) {
                assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Appended.STORED);
            }
        }
        assertThat(pretoucher.touchedPages()).as("pages touched").isPositive();
        Map<String, Long> sizes = cycleFileSizes(dir);
        assertThat(sizes).hasSize(1);
        assertThat(sizes.values().iterator().next()).as("cycle file size").isGreaterThan(8 * BLOCK_SIZE);

        Path control = tmp.resolve("control");
        copyDocuments(dir, control);
        assertThat(sizes).as("sizes against the same documents written without pretouching")
                .isEqualTo(cycleFileSizes(control));

        try (Journal journal = Journal.open(settings(dir), clock, listener, BLOCK_SIZE);
             JournalTailer tailer = journal.tailer("check")) {
            for (int i = 0; i < appended.size(); i++) {
                JournalEntry entry = tailer.next();
                assertThat(entry).as("entry %d", i).isNotNull();
                Batch batch = appended.get(i);
                assertThat(entry.batch().digest()).isEqualTo(batch.digest());
                assertThat(entry.batch().size()).isEqualTo(batch.size());
                for (int e = 0; e < batch.size(); e++) {
                    assertThat(entry.batch().item(e)).as("entry %d event %d", i, e).isEqualTo(batch.item(e));
                }
            }
            assertThat(tailer.next()).isNull();
        }
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void touchesEveryPageOfTheFileWithoutGrowingOrChangingIt() throws Exception {
        Path file = sparseFile("cycle.cq4", 3 * 1024 * 1024 + 100);
        JournalPretoucher pretoucher = new JournalPretoucher("test-pretouch");
        try {
            pretoucher.start();
            pretoucher.advanced(file.toFile(), 0);
            awaitTouched(pretoucher, 3 * 256);
        } finally {
            pretoucher.close();
        }
        assertThat(pretoucher.touchedPages()).isEqualTo(3 * 256);
        assertThat(Files.size(file)).isEqualTo(3 * 1024 * 1024 + 100);
        assertAllZero(file);
    }

    @Test
    void touchesOnlyBeyondTheWritePositionAndLeavesWrittenBytesAlone() throws Exception {
        Path file = sparseFile("cycle.cq4", 1024 * 1024);
        byte[] written = new byte[8192 + 10];
        Arrays.fill(written, (byte) 7);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(written);
        }
        JournalPretoucher pretoucher = new JournalPretoucher("test-pretouch");
        try {
            pretoucher.start();
            pretoucher.advanced(file.toFile(), written.length);
            awaitTouched(pretoucher, 256 - 3);
        } finally {
            pretoucher.close();
        }
        assertThat(pretoucher.touchedPages()).isEqualTo(256 - 3);
        byte[] content = Files.readAllBytes(file);
        assertThat(content).hasSize(1024 * 1024);
        assertThat(Arrays.copyOf(content, written.length)).isEqualTo(written);
        assertThat(firstNonZero(content, written.length)).as("first byte not zero after the written ones").isEqualTo(-1);
    }

    @Test
    void closeStopsTheThreadAndIsIdempotent() {
        JournalPretoucher pretoucher = new JournalPretoucher("test-pretouch-close");
        pretoucher.start();
        pretoucher.close();
        pretoucher.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-pretouch-close"));
        assertThat(pretoucher.touchedPages()).isZero();
    }

    @Test
    void aFileThatCannotBeOpenedIsLoggedOnceAndTheNextFileIsStillTouched() throws Exception {
        Path good = sparseFile("good.cq4", 1024 * 1024);
        JournalPretoucher pretoucher = new JournalPretoucher("test-pretouch");
        try {
            pretoucher.start();
            pretoucher.advanced(tmp.resolve("missing-1.cq4").toFile(), 0);
            Await.awaitUntil(WAIT, () -> streams.err().contains("missing-1.cq4"), "the failure logged");
            pretoucher.advanced(good.toFile(), 0);
            awaitTouched(pretoucher, 256);
        } finally {
            pretoucher.close();
        }
        assertThat(pretoucher.touchedPages()).isEqualTo(256);
        assertThat(streams.err().lines().filter(l -> l.contains("Pre-touching journal file"))).singleElement()
                .asString().contains("missing-1.cq4").contains("NoSuchFileException");
        assertAllZero(good);
    }

    @Test
    void survivesFilesTruncatedOrDeletedWhileTheirPagesAreTouched() throws Exception {
        long seed = 20261127L;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TruncatedFilesChild.class.getName(),
                tmp.toString(), Long.toString(seed)));
        Path out = tmp.resolve("child.out");
        Path err = tmp.resolve("child.err");
        Process child = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(out);
        String errors = Files.readString(err);
        String context = "seed " + seed + "\n" + output + errors;
        assertThat(child.exitValue()).as(context).isZero();
        assertThat(output).as(context).contains("survived").containsPattern("touched [1-9]").contains("regrown 0");
        assertThat(errors.lines().filter(l -> l.contains("Pre-touching journal file")).count()).as(context).isLessThanOrEqualTo(1);
    }

    /** The journal's own pretoucher; the journal does not hand it out, so it is read from its field. */
    private static JournalPretoucher pretoucherOf(Journal journal) throws ReflectiveOperationException {
        Field field = Journal.class.getDeclaredField("pretoucher");
        field.setAccessible(true);
        return (JournalPretoucher) field.get(journal);
    }

    /**
     * Waits until {@code pages} pages are touched. The count is read while the thread runs only to
     * stop waiting (a racy read of a plain long); the assertions read it after close.
     */
    private static void awaitTouched(JournalPretoucher pretoucher, long pages) {
        Await.awaitUntil(WAIT, () -> pretoucher.touchedPages() >= pages, pages + " pages touched");
    }

    /** Each real webhook body {@code times} times, each time under another digest (so none is a duplicate). */
    private static List<Batch> realBatches(int times) throws Exception {
        List<Path> bodies;
        try (Stream<Path> files = Files.list(SharedData.realWebhook())) {
            bodies = files.filter(p -> p.getFileName().toString().matches("eventlist-\\d+\\.json")).sorted().toList();
        }
        assertThat(bodies).isNotEmpty();
        EventListParser parser = new EventListParser();
        List<Batch> batches = new ArrayList<>();
        for (int t = 0; t < times; t++) {
            for (Path body : bodies) {
                byte[] bytes = Files.readAllBytes(body);
                Batch batch = parser.parse(bytes, 0, bytes.length);
                batches.add(batch.withDigest(TestJournals.sha256(t + " " + body)));
            }
        }
        return batches;
    }

    /** Writes every document of the journal in {@code from} unchanged into a queue in {@code to}, nothing pretouched. */
    private void copyDocuments(Path from, Path to) {
        try (SingleChronicleQueue source = Journal.queueBuilder(from, clock, BLOCK_SIZE).build();
             SingleChronicleQueue target = Journal.queueBuilder(to, clock, BLOCK_SIZE).build();
             ExcerptTailer tailer = source.createTailer();
             ExcerptAppender appender = target.createAppender()) {
            for (int n = 0; n < 100_000; n++) {
                byte[] document;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return;
                    }
                    document = dc.wire().bytes().toByteArray();
                }
                try (DocumentContext dc = appender.writingDocument()) {
                    dc.wire().bytes().write(document);
                }
            }
        }
    }

    private static Map<String, Long> cycleFileSizes(Path dir) throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList()) {
                sizes.put(p.getFileName().toString(), Files.size(p));
            }
        }
        return sizes;
    }

    private Path sparseFile(String name, long size) throws IOException {
        Path file = tmp.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }

    private static void assertAllZero(Path file) throws IOException {
        assertThat(firstNonZero(Files.readAllBytes(file), 0)).as("first byte not zero in " + file).isEqualTo(-1);
    }

    private static int firstNonZero(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] != 0) {
                return i;
            }
        }
        return -1;
    }
}
