package dev.kubeaudit.agent.logfile;

import static dev.kubeaudit.agent.logfile.LogFixture.content;
import static dev.kubeaudit.agent.logfile.LogFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link RotatingLogFile#writeLine}: content from where it lies plus the newline, as one whole line. */
class RotatingLogFileWriteLineTest extends LogDirectoryTest {
    @Test
    void appendsTheContentAndANewline() throws IOException {
        try (RotatingLogFile log = fx.open(0)) {
            writeLine(log, "boo!");
            assertThat(log.size()).isEqualTo(5);
            writeLine(log, "");
            assertThat(log.size()).isEqualTo(6);
        }
        assertThat(content(fx.active)).isEqualTo("boo!\n\n");
    }

    @Test
    void countsTheNewlineForRotation() throws IOException {
        try (RotatingLogFile log = fx.open(10)) {
            writeLine(log, "boo!");          // 5 bytes
            writeLine(log, "fooo");          // 5 + 5 == 10: still fits
            assertThat(fx.names()).containsExactly("audit.log");
            fx.twoDaysLater();
            writeLine(log, "x");             // 10 + 2 > 10
            writeLine(log, "abcdefgh");      // 2 + 8 fits without its newline, 2 + 9 does not: rotates first
        }
        assertThat(content(fx.backupAt("2026-05-03T10:00:00Z"))).isEqualTo("boo!\nfooo\n");
        assertThat(content(fx.backupAt("2026-05-03T10:00:00.001Z"))).isEqualTo("x\n");
        assertThat(content(fx.active)).isEqualTo("abcdefgh\n");
        assertThat(fx.listener.eventsStartingWith("oversize")).isEmpty();
    }

    @Test
    void reportsAnOversizeLineWithItsNewline() throws IOException {
        try (RotatingLogFile log = fx.open(10)) {
            writeLine(log, "y".repeat(10));
        }
        assertThat(fx.listener.eventsStartingWith("oversize")).containsExactly("oversize 11");
        assertThat(content(fx.active)).isEqualTo("y".repeat(10) + "\n");
    }

    @Test
    void contentLargerThanTheBufferIsWrittenWhole() throws IOException {
        byte[] big = new byte[300 * 1024];
        Arrays.fill(big, (byte) 'a');
        big[big.length - 1] = 'z';
        try (RotatingLogFile log = fx.open(0)) {
            writeLine(log, "small");
            log.writeLine(big, 0, big.length);
            writeLine(log, "after");
            assertThat(log.size()).isEqualTo(6 + big.length + 1 + 6);
        }
        assertThat(Files.size(fx.active)).isEqualTo(6 + big.length + 1 + 6);
        assertThat(content(fx.active)).startsWith("small\naaa").endsWith("az\nafter\n");
    }

    @Test
    void contentFillingTheBufferExactlyKeepsItsNewline() throws IOException {
        int buffer = 256 * 1024;
        StringBuilder expected = new StringBuilder();
        try (RotatingLogFile log = fx.open(0)) {
            for (int length : new int[] {buffer, buffer - 1, buffer - 2, buffer + 1}) {
                byte[] content = new byte[length];
                Arrays.fill(content, (byte) 'b');
                content[length - 1] = 'e';
                log.writeLine(content, 0, length);
                writeLine(log, "x");
                expected.append("b".repeat(length - 1)).append("e\nx\n");
            }
        }
        assertThat(content(fx.active)).isEqualTo(expected.toString());
    }

    @Test
    void writeAndWriteLineKeepTheirOrder() throws IOException {
        StringBuilder expected = new StringBuilder();
        try (RotatingLogFile log = fx.open(0)) {
            for (int i = 0; i < 20_000; i++) {
                String text = "line-" + i + "-" + "p".repeat(i % 37);
                if (i % 3 == 0) {
                    write(log, text);
                } else {
                    writeLine(log, text);
                }
                expected.append(text).append('\n');
            }
        }
        assertThat(content(fx.active)).isEqualTo(expected.toString());
    }

    @Test
    void takesOnlyTheGivenRange() throws IOException {
        byte[] array = "\n\nxx{\"a\":1}yy\n".getBytes(StandardCharsets.UTF_8);
        try (RotatingLogFile log = fx.open(0)) {
            log.writeLine(array, 4, 7);
            log.writeLine(array, 2, 0);
            log.writeLine(array, array.length, 0);
            assertThatThrownBy(() -> log.writeLine(array, 10, 5)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> log.writeLine(array, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(log.size()).isEqualTo(10);
        }
        assertThat(content(fx.active)).isEqualTo("{\"a\":1}\n\n\n");
    }

    @Test
    void isRefusedAfterClose() throws IOException {
        RotatingLogFile log = fx.open(0);
        log.close();
        assertThatThrownBy(() -> writeLine(log, "late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private static void writeLine(RotatingLogFile log, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        log.writeLine(bytes, 0, bytes.length);
    }
}
