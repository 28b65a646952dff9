package dev.kubeaudit.agent.logfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFileSettingsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1 | 0  | 0  | NONE | 1  | PT0S  | maxBytes: -1 (expected: >= 0)",
        "0  | -1 | 0  | NONE | 1  | PT0S  | maxBackups: -1 (expected: >= 0)",
        "0  | 0  | -3 | NONE | 1  | PT0S  | maxAgeDays: -3 (expected: >= 0)",
        "0  | 0  | 0  | GZIP | 10 | PT0S  | compressionLevel: 10 (expected: 0..9 for GZIP)",
        "0  | 0  | 0  | ZSTD | 0  | PT0S  | compressionLevel: 0 (expected: 1..22 for ZSTD)",
        "0  | 0  | 0  | NONE | 1  | -PT1S | rotateInterval: PT-1S (expected: >= PT0S)",
    })
    void rejectsImpossibleValuesNamingKeyValueAndExpectation(long maxBytes, int maxBackups, int maxAgeDays,
            Compression c, int level, String interval, String message) {
        assertThatThrownBy(() -> new LogFileSettings(Path.of("audit.log"), maxBytes, maxBackups, maxAgeDays, c, level,
                Duration.parse(interval))).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void acceptsZeroAsNoLimit() {
        LogFileSettings s = new LogFileSettings(Path.of("audit.log"), 0, 0, 0, Compression.ZSTD, 22, Duration.ZERO);
        assertThat(s.maxBytes()).isZero();
        assertThat(new LogFileSettings(Path.of("audit.log"), 0, 0, 0, Compression.NONE, 99, Duration.ZERO)
                .compressionLevel()).isEqualTo(99);
    }
}
