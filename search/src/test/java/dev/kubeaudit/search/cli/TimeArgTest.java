package dev.kubeaudit.search.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** --since/--until values and the default cache folder. */
class TimeArgTest {
    static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "7d,                          2026-05-03T12:00:00Z",
        "24h,                         2026-05-09T12:00:00Z",
        "90m,                         2026-05-10T10:30:00Z",
        "1h30m,                       2026-05-10T10:30:00Z",
        "0,                           2026-05-10T12:00:00Z",
        "2026-05-01T10:00:00Z,        2026-05-01T10:00:00Z",
        "2026-05-01T10:00:00.123456Z, 2026-05-01T10:00:00.123456Z",
        "2026-05-01T12:00:00+02:00,   2026-05-01T10:00:00Z",
        "2026-05-01t10:00:00z,        2026-05-01T10:00:00Z",
        "2026-05-01 10:00:00Z,        2026-05-01T10:00:00Z",
        "2026-05-01,                  2026-05-01T00:00:00Z",
    })
    void readsDurationsTimesAndDates(String text, String expected) {
        assertThat(TimeArg.parse(text, NOW)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "yesterday", "-1h", "7", "2026-05-01T10:00:00", "2026-02-30", "2026-05-01T25:00:00Z", "1w"})
    void refusesAnythingElseNamingIt(String text) {
        assertThatThrownBy(() -> TimeArg.parse(text, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' (expected: " + TimeArg.EXPECTED + ")");
    }

    @Test
    void cacheFolderFollowsXdgElseHome() {
        assertThat(CacheDir.of(Map.of("XDG_CACHE_HOME", "/var/cache/me"), "/home/me"))
                .isEqualTo(Path.of("/var/cache/me/kube-audit-agent/search"));
        assertThat(CacheDir.of(Map.of(), "/home/me")).isEqualTo(Path.of("/home/me/.cache/kube-audit-agent/search"));
        assertThat(CacheDir.of(Map.of("XDG_CACHE_HOME", "relative"), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/kube-audit-agent/search"));
        assertThat(CacheDir.of(Map.of("XDG_CACHE_HOME", ""), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/kube-audit-agent/search"));
    }
}
