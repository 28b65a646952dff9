package dev.kubeaudit.agent.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {
    static final String API = "audit.k8s.io/v1";
    static final byte[] PREFIX = bytes("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",");
    static final byte[] DIGEST = {1, 2, 3};

    /** Two events in one array: "xx" | {"a":1} (prefixed, opening brace left to the prefix) | "b":"ü"} | yy. */
    static final byte[] DATA = bytes("xx{\"a\":1}\"b\":\"ü\"}yy");

    @Test
    void listConstructorCopiesTheLinesIntoOneArrayWithoutPrefixes() {
        byte[] first = bytes("{\"a\":1}");
        List<byte[]> lines = new ArrayList<>(List.of(first, new byte[0], bytes("{\"ü\":2}")));
        Batch batch = new Batch(API, lines, DIGEST);
        first[0] = 'X';
        lines.clear();
        assertThat(batch.size()).isEqualTo(3);
        assertThat(text(batch.items())).containsExactly("{\"a\":1}", "", "{\"ü\":2}");
        assertThat(batch.data()).hasSize(7 + 8);
        assertThat(batch.start(0)).isZero();
        assertThat(batch.start(1)).isEqualTo(7);
        assertThat(batch.start(2)).isEqualTo(7);
        assertThat(batch.contentLength(2)).isEqualTo(8);
        assertThat(batch.prefix(0)).isEmpty();
        assertThat(batch.length(1)).isZero();
        assertThat(batch.itemBytes()).isEqualTo(15);
        assertThat(batch.apiVersion()).isEqualTo(API);
        assertThat(batch.digest()).isEqualTo(DIGEST);
        assertThat(batch).hasToString("Batch[audit.k8s.io/v1, 3 events, 15 bytes]");
    }

    @Test
    void anEmptyListIsAnEmptyBatch() {
        Batch batch = new Batch(API, List.of(), DIGEST);
        assertThat(batch.size()).isZero();
        assertThat(batch.itemBytes()).isZero();
        assertThat(batch.items()).isEmpty();
        assertThatThrownBy(() -> batch.item(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void overReadsSpansOfTheArrayWithAndWithoutPrefix() {
        Batch batch = Batch.over(API, DATA, PREFIX, new int[] {3, 6, 1, 9, 9, 0}, 2, DIGEST);
        assertThat(batch.data()).isSameAs(DATA);
        assertThat(batch.prefix(0)).isSameAs(PREFIX);
        assertThat(batch.prefix(1)).isEmpty();
        String first = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"a\":1}";
        assertThat(text(batch.items())).containsExactly(first, "\"b\":\"ü\"}");
        assertThat(batch.length(0)).isEqualTo(PREFIX.length + 6);
        assertThat(batch.length(1)).isEqualTo(9);
        assertThat(batch.itemBytes()).isEqualTo(PREFIX.length + 6 + 9);
    }

    @Test
    void onlyBitZeroOfTheFlagAsksForThePrefix() {
        Batch batch = Batch.over(API, DATA, PREFIX, new int[] {3, 6, 2, 3, 6, 3}, 2, DIGEST);
        assertThat(batch.prefix(0)).isEmpty();
        assertThat(batch.prefix(1)).isSameAs(PREFIX);
    }

    @Test
    void overRefusesSpansOutsideTheData() {
        int n = DATA.length;
        for (int[] spans : List.of(new int[] {0, n + 1, 0}, new int[] {n, 1, 0}, new int[] {-1, 2, 0},
                new int[] {2, -1, 0}, new int[] {Integer.MAX_VALUE, 2, 1})) {
            assertThatThrownBy(() -> Batch.over(API, DATA, PREFIX, spans, 1, DIGEST))
                    .as(Arrays.toString(spans)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        assertThat(Batch.over(API, DATA, PREFIX, new int[] {n, 0, 1}, 1, DIGEST).item(0)).isEqualTo(PREFIX);
    }

    @Test
    void overRefusesFewerSpansThanEvents() {
        assertThatThrownBy(() -> Batch.over(API, DATA, PREFIX, new int[] {0, 1, 0, 1, 1}, 2, DIGEST))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Batch.over(API, DATA, PREFIX, new int[0], -1, DIGEST))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void eventsBeyondTheSizeAreNotReachableThroughSpareSpans() {
        Batch batch = Batch.over(API, DATA, PREFIX, new int[] {3, 6, 1, 9, 9, 0}, 1, DIGEST);
        assertThat(batch.size()).isEqualTo(1);
        assertThat(batch.items()).hasSize(1);
        assertThat(batch.itemBytes()).isEqualTo(PREFIX.length + 6);
        assertThatThrownBy(() -> batch.start(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.contentLength(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.prefix(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.item(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void nullsAreRefused() {
        int[] spans = {3, 6, 1};
        assertThatThrownBy(() -> Batch.over(null, DATA, PREFIX, spans, 1, DIGEST)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Batch.over(API, null, PREFIX, spans, 1, DIGEST)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Batch.over(API, DATA, null, spans, 1, DIGEST)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Batch.over(API, DATA, PREFIX, spans, 1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void copyItemWritesPrefixAndContentAtTheGivenPlaceOnly() {
        Batch batch = Batch.over(API, DATA, PREFIX, new int[] {3, 6, 1, 9, 9, 0}, 2, DIGEST);
        byte[] out = new byte[5 + batch.length(0) + 5];
        Arrays.fill(out, (byte) '#');
        assertThat(batch.copyItem(0, out, 5)).isEqualTo(batch.length(0));
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("#####{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"a\":1}#####");
        Arrays.fill(out, (byte) '#');
        assertThat(batch.copyItem(1, out, 0)).isEqualTo(9);
        assertThat(new String(out, 0, 10, StandardCharsets.UTF_8)).isEqualTo("\"b\":\"ü\"}#");
        assertThatThrownBy(() -> batch.copyItem(0, new byte[batch.length(0)], 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void withDigestSharesTheArraysUnderAnotherDigest() {
        Batch batch = Batch.over(API, DATA, PREFIX, new int[] {3, 6, 1, 9, 9, 0}, 2, DIGEST);
        byte[] other = {9, 9};
        Batch copy = batch.withDigest(other);
        assertThat(copy.digest()).isSameAs(other);
        assertThat(batch.digest()).isEqualTo(DIGEST);
        assertThat(copy.data()).isSameAs(batch.data());
        assertThat(copy.prefix(0)).isSameAs(batch.prefix(0));
        assertThat(copy.apiVersion()).isEqualTo(API);
        assertThat(copy.size()).isEqualTo(2);
        assertThat(copy.itemBytes()).isEqualTo(batch.itemBytes());
        assertThat(text(copy.items())).isEqualTo(text(batch.items()));
        assertThatThrownBy(() -> batch.withDigest(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void itemsAreCopiesThatDoNotChangeTheBatch() {
        byte[] data = DATA.clone();
        Batch batch = Batch.over(API, data, PREFIX, new int[] {3, 6, 1, 9, 9, 0}, 2, DIGEST);
        List<String> before = text(batch.items());
        byte[] prefixBefore = PREFIX.clone();
        for (byte[] item : batch.items()) {
            Arrays.fill(item, (byte) '!');
        }
        byte[] one = batch.item(1);
        Arrays.fill(one, (byte) '?');
        assertThat(batch.item(0)).isNotSameAs(batch.item(0));
        assertThat(text(batch.items())).isEqualTo(before);
        assertThat(data).isEqualTo(DATA);
        assertThat(PREFIX).isEqualTo(prefixBefore);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> text(List<byte[]> items) {
        return items.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}
