package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeclaredGapTest {
    private static final Instant T = Instant.parse("2026-05-01T10:00:00.123Z");

    @Test
    void aNewGapsIdIsItsTimeAndRandomHexAndIsNeverReused() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            DeclaredGap gap = DeclaredGap.of(DeclaredGap.UNCLEAN_STOP, T, "x");
            assertThat(gap.id()).matches("20260501T100000\\.123Z-[0-9a-f]{16}");
            ids.add(gap.id());
        }
        assertThat(ids).hasSize(1000);
    }

    static Stream<Arguments> details() {
        return Stream.of(
                Arguments.of("plain detail", "plain detail"),
                Arguments.of("tab\there", "tab here"),
                Arguments.of("two\nlines\r\n", "two lines  "),
                Arguments.of("sep\u2028para\u2029x", "sep para x"),
                Arguments.of("nul\u0000bell\u0007", "nul bell "),
                Arguments.of("ünïcode ✓", "ünïcode ✓"));
    }

    @ParameterizedTest
    @MethodSource("details")
    void theDetailIsOneLineWithoutTabs(String detail, String expected) {
        assertThat(DeclaredGap.of(DeclaredGap.JOURNAL_TAIL_LOST, T, detail).detail()).isEqualTo(expected);
    }

    @Test
    void aMissingDetailIsEmpty() {
        assertThat(DeclaredGap.of(DeclaredGap.UNCLEAN_STOP, T, null).detail()).isEmpty();
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("a b", "unclean-stop", "id: \"a b\" (expected: letters, digits, '.', '_' or '-')"),
                Arguments.of("-a", "unclean-stop", "id: \"-a\" (expected: letters, digits, '.', '_' or '-')"),
                Arguments.of("", "unclean-stop", "id: \"\" (expected: letters, digits, '.', '_' or '-')"),
                Arguments.of("ok", "Unclean", "reason: \"Unclean\" (expected: a lower-case token such as unclean-stop)"),
                Arguments.of("ok", "with\ttab", "reason: \"with\ttab\" (expected: a lower-case token such as unclean-stop)"));
    }

    @ParameterizedTest
    @MethodSource("badTokens")
    void idsAndReasonsAreTokens(String id, String reason, String message) {
        assertThatThrownBy(() -> new DeclaredGap(id, reason, T, "d")).hasMessage(message);
    }
}
