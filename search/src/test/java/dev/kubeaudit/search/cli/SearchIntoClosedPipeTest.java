package dev.kubeaudit.search.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.TestArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code search … | head}: once standard output is gone, search stops, exit 0, no count. */
class SearchIntoClosedPipeTest {
    private static final int EVENTS = 100_000;
    private static final int READER_TAKES = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void stopsWhenTheReaderOfItsOutputExits() throws IOException {
        TestArchive archive = new TestArchive(dir.resolve("archive"));
        List<String> lines = new ArrayList<>();
        Instant t = Instant.parse("2026-05-01T10:00:00Z");
        for (int i = 0; i < EVENTS; i++) {
            lines.add(Event.at("e" + i, t.plusMillis(i)).user("alice").verb("get").line());
        }
        archive.segment(ArchiveLayout.DEFAULT, "prod", "cp-1", "2026-05-01T11:00:00Z", Compression.GZIP, lines);
        long all = lines.stream().mapToLong(l -> l.length() + 1L).sum();

        ClosingPipe pipe = new ClosingPipe(READER_TAKES);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(pipe, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = SearchMain.execute(archive.location(), "--user", "alice", "-o", "json");
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("events");
        assertThat(pipe.offered).as("bytes offered after the reader left, of %d", all).isLessThan(all / 4);
        assertThat(pipe.refused).isPositive();
    }

    /** A pipe whose reader takes {@code limit} bytes and exits: every write after that fails, as EPIPE does. */
    private static final class ClosingPipe extends OutputStream {
        private final int limit;
        long offered;
        int refused;

        ClosingPipe(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            offered += len;
            if (offered > limit) {
                refused++;
                throw new IOException("Broken pipe");
            }
        }
    }
}
