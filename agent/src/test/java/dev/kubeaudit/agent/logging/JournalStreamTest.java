package dev.kubeaudit.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JournalStreamTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "8:12345 | true",
            "8:12346 | false",
            "9:12345 | false",
            "8 | false",
            "8:12345:1 | false",
            "x:12345 | false",
            "'' | false"})
    void theVariableNamesADeviceAndAnInode(String value, boolean names) {
        assertThat(JournalStream.names(value, 8, 12345)).isEqualTo(names);
    }

    @Test
    void aDeviceNumberAboveTheSignedRangeIsReadUnsigned() {
        assertThat(JournalStream.names("18446744073709551615:1", -1L, 1)).isTrue();
    }

    @Test
    void standardErrorIsJournaldOnlyWhenTheVariableNamesWhatItIs() throws Exception {
        Path stream = Files.createFile(dir.resolve("stream"));
        Path other = Files.createFile(dir.resolve("other"));
        String named = id(stream);
        assertThat(JournalStream.isStandardError(Map.of(JournalStream.VARIABLE, named), stream)).isTrue();
        assertThat(JournalStream.isStandardError(Map.of(JournalStream.VARIABLE, named), other)).as("redirected").isFalse();
        assertThat(JournalStream.isStandardError(Map.of(), stream)).as("no variable").isFalse();
        assertThat(JournalStream.isStandardError(Map.of(JournalStream.VARIABLE, named), dir.resolve("gone")))
                .as("no such file").isFalse();
    }

    /** {@code <device>:<inode>} of {@code file}, as systemd writes JOURNAL_STREAM. */
    static String id(Path file) throws Exception {
        Map<String, Object> attributes = Files.readAttributes(file, "unix:dev,ino");
        return Long.toUnsignedString((Long) attributes.get("dev")) + ":" + attributes.get("ino");
    }
}
