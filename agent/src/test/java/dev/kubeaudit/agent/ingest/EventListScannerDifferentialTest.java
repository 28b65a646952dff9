package dev.kubeaudit.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link EventListParser}'s own scanner against Jackson ({@link JacksonEventListReference}), through
 * {@link ParserAgreement}: every real body under testdata/ and, per limits, a fixed number of seeded
 * bodies from {@link EventListMutator} (bounded in time as well), must be accepted or refused alike,
 * and when accepted give the same items.
 */
class EventListScannerDifferentialTest {
    static final long SEED = Long.getLong("differential.seed", 20261205L);
    static final int CASES = Integer.getInteger("differential.cases", 20_000);
    static final Duration BUDGET = Duration.ofSeconds(60);
    /** Limits small enough for generated bodies to cross each of them. */
    static final IngestLimits SMALL = new IngestLimits(256, Duration.ofMinutes(2), Duration.ofSeconds(30), 16 << 10,
            5, 10, 64, 9);
    /** Limits real events stay within, apart from the events per batch. */
    static final IngestLimits REAL = new IngestLimits(256, Duration.ofMinutes(2), Duration.ofSeconds(30), 16 << 10,
            4, 24, 4096, 20);

    @Test
    void everyRealBodyIsAcceptedByBothWithTheSameItems() throws IOException {
        ParserAgreement agreement = new ParserAgreement(IngestLimits.DEFAULTS);
        List<String> refused = new ArrayList<>();
        int bodies = 0;
        for (Path file : EventListParserTest.realEventLists()) {
            assertThat(agreement.check(file.toString(), Files.readAllBytes(file)).accepted()).as(file.toString()).isTrue();
            bodies++;
        }
        try (Stream<Path> list = Files.list(TestData.realAudit())) {
            for (Path file : list.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    byte[] raw = Files.readAllBytes(file);
                    agreement.check(name + " as the body", raw);
                    bodies += 2;
                    if (!agreement.check(name, eventList(events(new String(raw, StandardCharsets.UTF_8)))).accepted()) {
                        refused.add(name);
                    }
                } else if (name.endsWith(".log")) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    for (int from = 0; from < lines.size(); from += 100, bodies++) {
                        List<String> batch = lines.subList(from, Math.min(lines.size(), from + 100));
                        if (!agreement.check(name + " from line " + from, eventList(batch)).accepted()) {
                            refused.add(name + " from line " + from);
                        }
                    }
                    assertThat(agreement.check(name + " whole", eventList(lines)).accepted()).isTrue();
                    bodies++;
                }
            }
        }
        assertThat(bodies).isGreaterThan(80);
        assertThat(refused).as("real events refused by both").isEmpty();
    }

    @Test
    void seededMutationsOfRealEventListsAgree() throws IOException {
        Map<String, Integer> tally = run(new EventListMutator(SEED, WebhookFuzzTest.realLines(), REAL), REAL);
        assertThat(tally.getOrDefault("events_per_batch", 0)).isPositive();
    }

    @Test
    void seededSyntheticEventListsAgreeUnderSmallLimits() {
        Map<String, Integer> tally = run(new EventListMutator(SEED + 1, List.of(), SMALL), SMALL);
        for (String label : List.of("json_depth", "json_string", "json_number", "events_per_batch")) {
            assertThat(tally.getOrDefault(label, 0)).as(label).isPositive();
        }
    }

    @Test
    void seededSyntheticEventListsAgreeUnderTheDefaultLimits() {
        Map<String, Integer> tally = run(new EventListMutator(SEED + 2, List.of(), IngestLimits.DEFAULTS),
                IngestLimits.DEFAULTS);
        assertThat(tally.getOrDefault("json_depth", 0)).isPositive();
        assertThat(tally.getOrDefault("json_number", 0)).isPositive();
    }

    /**
     * Checks {@link #CASES} bodies (or as many as {@link #BUDGET} allows, at least a quarter), every
     * fifth inside a larger array; returns how many were accepted, refused and refused per label.
     */
    private static Map<String, Integer> run(EventListMutator mutator, IngestLimits limits) {
        ParserAgreement agreement = new ParserAgreement(limits);
        Map<String, Integer> tally = new TreeMap<>();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int n = 0;
        for (; n < CASES && System.nanoTime() < deadline; n++) {
            EventListMutator.Case c = mutator.next();
            String what = "case " + n + " (" + c.what() + ")";
            ParserAgreement.Result r;
            if (n % 5 == 4) {
                byte[] padded = new byte[c.body().length + 16];
                Arrays.fill(padded, (byte) '{');
                System.arraycopy(c.body(), 0, padded, 9, c.body().length);
                r = agreement.check(what, padded, 9, c.body().length);
            } else {
                r = agreement.check(what, c.body());
            }
            tally.merge(r.accepted() ? "accepted" : "refused", 1, Integer::sum);
            if (r.limit() != null) {
                tally.merge(r.limit(), 1, Integer::sum);
            }
            if (r.labelsDiffer()) {
                tally.merge("json_string first (Jackson: " + r.referenceLimit() + ")", 1, Integer::sum);
            }
        }
        System.out.println("Differential " + limits + ": " + n + " cases " + tally);
        assertThat(n).as("cases checked within " + BUDGET).isGreaterThanOrEqualTo(CASES / 4);
        assertThat(tally.getOrDefault("accepted", 0)).as("accepted").isGreaterThan(n / 10);
        assertThat(tally.getOrDefault("refused", 0)).as("refused").isGreaterThan(n / 4);
        return tally;
    }

    /** The events of a .json file: one (maybe pretty-printed, maybe after a byte order mark), or one per line. */
    private static List<String> events(String text) {
        String trimmed = text.replace("\uFEFF", "").strip();
        List<String> lines = trimmed.lines().filter(l -> !l.isBlank()).toList();
        boolean jsonLines = lines.size() > 1 && lines.stream().allMatch(l -> l.startsWith("{") && l.strip().endsWith("}"));
        return jsonLines ? lines : List.of(trimmed);
    }

    /** An EventList of these events as items, as they are. */
    private static byte[] eventList(List<String> events) {
        return ("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + String.join(",", events) + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
