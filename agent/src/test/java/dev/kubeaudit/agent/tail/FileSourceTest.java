package dev.kubeaudit.agent.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following audit.log as it grows and as it is rotated. */
class FileSourceTest {
    @TempDir
    Path dir;

    @Test
    void followsAppendsHoldsBackAHalfLineAndContinuesInTheNewFileAfterARotation() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, "{\"n\":1}\n{\"n\":2}\n");
        try (FileSource source = FileSource.open(log, 1)) {
            assertThat(drain(source)).containsExactly("{\"n\":2}");
            append(log, "{\"n\":3}\n{\"n\"");
            assertThat(drain(source)).containsExactly("{\"n\":3}");
            append(log, ":4}\n");
            assertThat(drain(source)).containsExactly("{\"n\":4}");

            append(log, "{\"n\":5}\n");
            Files.move(log, dir.resolve("audit-2026-05-01T10-00-00.000.log"));
            Files.writeString(log, "{\"n\":6}\n");
            assertThat(drain(source)).containsExactly("{\"n\":5}", "{\"n\":6}");
            assertThat(source.finite()).isFalse();
        }
    }

    @Test
    void startsWithTheLastLinesAskedFor() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, "a\nb\n\nc\n");
        try (FileSource source = FileSource.open(log, 2)) {
            assertThat(drain(source)).containsExactly("b", "c");
        }
        try (FileSource source = FileSource.open(log, -1)) {
            assertThat(drain(source)).containsExactly("a", "b", "c");
        }
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    private static List<String> drain(FileSource source) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] line = source.next();
            if (line == null) {
                return lines;
            }
            lines.add(new String(line, StandardCharsets.UTF_8));
        }
        throw new AssertionError("more than 100 lines");
    }
}
