package dev.kubeaudit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueSyntaxTest {

    @ParameterizedTest
    @CsvSource({
            "0, PT0S",
            "0s, PT0S",
            "500ms, PT0.5S",
            "30s, PT30S",
            "10m, PT10M",
            "1h, PT1H",
            "1h30m, PT1H30M",
            "2d, PT48H",
            "1.5h, PT1H30M",
            ".5s, PT0.5S",
            "1d2h3m4s5ms6us7ns, PT26H3M4.005006007S",
            "250µs, PT0.00025S"})
    void durationsAreReadAsGoWritesThem(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "-1s", "+1s", "1 h", "1H", "h", "1hh", "1y", "1.2.3s", "99999999999999d"})
    void badDurationsAreRefused(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "1048576, 1048576",
            "1Ki, 1024",
            "64Mi, 67108864",
            "10Gi, 10737418240",
            "2Ti, 2199023255552",
            "9223372036854775807, 9223372036854775807"})
    void byteSizesTakeBinarySuffixes(String text, long expected) {
        assertThat(ByteSize.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5Mi", "64MB", "64M", "64mi", "Mi", "1 Mi", "9223372036854775808", "8388608Ti"})
    void badByteSizesAreRefused(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
