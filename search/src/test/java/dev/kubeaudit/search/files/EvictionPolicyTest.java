package dev.kubeaudit.search.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvictionPolicyTest {
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    final EvictionPolicy.Copy a = copy("a", 400, 1);
    final EvictionPolicy.Copy b = copy("b", 300, 2);
    final EvictionPolicy.Copy c = copy("c", 200, 3);
    final EvictionPolicy.Copy d = copy("d", 100, 4);

    @Test
    void evictsNothingUnderTheBound() {
        assertThat(new EvictionPolicy(1000).toEvict(List.of(d, c, b, a), Set.of())).isEmpty();
    }

    @Test
    void evictsLeastRecentlyUsedFirstUntilUnderTheBound() {
        assertThat(new EvictionPolicy(600).toEvict(List.of(d, c, b, a), Set.of())).containsExactly(a);
        assertThat(new EvictionPolicy(299).toEvict(List.of(d, c, b, a), Set.of())).containsExactly(a, b, c);
        assertThat(new EvictionPolicy(0).toEvict(List.of(d, c, b, a), Set.of())).containsExactly(a, b, c, d);
    }

    @Test
    void skipsCopiesInUseEvenWhenTheCacheStaysAboveTheBound() {
        assertThat(new EvictionPolicy(600).toEvict(List.of(a, b, c, d), Set.of(a.entry()))).containsExactly(b, c);
        assertThat(new EvictionPolicy(0).toEvict(List.of(a, b), Set.of(a.entry(), b.entry()))).isEmpty();
    }

    @Test
    void equalTimesAreOrderedByEntry() {
        EvictionPolicy.Copy x = copy("x", 100, 1);
        EvictionPolicy.Copy w = copy("w", 100, 1);
        assertThat(new EvictionPolicy(100).toEvict(List.of(x, w), Set.of())).containsExactly(w);
    }

    @Test
    void refusesANegativeBound() {
        assertThatThrownBy(() -> new EvictionPolicy(-1)).hasMessage("maxBytes: -1 (expected: >= 0)");
    }

    private static EvictionPolicy.Copy copy(String entry, long bytes, int minute) {
        return new EvictionPolicy.Copy(Path.of("objects", "00", entry), bytes, T.plusSeconds(60L * minute));
    }
}
