package dev.kubeaudit.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.Await;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReadAheadTest {
    @TempDir
    Path dir;

    @Test
    void readsAheadOfTheWrittenEndAndNeverChangesTheFile() throws Exception {
        Path file = dir.resolve("cycle.cq4");
        byte[] content = new byte[4 << 20];
        new Random(7).nextBytes(content);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(content);
            raf.setLength(64L << 20); // the rest sparse, as Chronicle leaves a cycle file
        }
        long modified = Files.getLastModifiedTime(file).toMillis();
        try (ReadAhead ahead = new ReadAhead()) {
            ahead.start();
            ahead.wrote(file.toFile(), 1 << 20);
            Await.awaitUntil(Duration.ofSeconds(20), () -> ahead.readUpTo() >= (1 << 20) + ReadAhead.AHEAD,
                    "read up to the written end plus " + ReadAhead.AHEAD);
            assertThat(ahead.readUpTo()).isLessThan((1 << 20) + ReadAhead.AHEAD + (1 << 20));

            ahead.wrote(file.toFile(), 40L << 20);
            Await.awaitUntil(Duration.ofSeconds(20), () -> ahead.readUpTo() == 64L << 20, "read up to the end of the file");
        }
        assertThat(Files.size(file)).isEqualTo(64L << 20);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        byte[] after = Files.readAllBytes(file);
        assertThat(Arrays.equals(after, 0, content.length, content, 0, content.length)).isTrue();
        assertThat(Arrays.mismatch(after, content.length, after.length, new byte[after.length - content.length],
                0, after.length - content.length)).isEqualTo(-1);
    }

    @Test
    void aFileThatGoesAwayIsLeftAndTheNextOneRead() throws Exception {
        Path first = dir.resolve("first.cq4");
        Path second = dir.resolve("second.cq4");
        for (Path p : new Path[] {first, second}) {
            try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
                raf.setLength(8L << 20);
            }
        }
        try (ReadAhead ahead = new ReadAhead()) {
            ahead.start();
            Files.delete(first);
            ahead.wrote(first.toFile(), 0);
            ahead.wrote(second.toFile(), 0);
            Await.awaitUntil(Duration.ofSeconds(20), () -> ahead.readUpTo() == 8L << 20, "the second file read to its end");
        }
    }
}
