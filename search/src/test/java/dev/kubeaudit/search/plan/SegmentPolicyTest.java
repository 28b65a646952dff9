package dev.kubeaudit.search.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which segments of a listing are opened, decided from keys and manifest bounds only. */
class SegmentPolicyTest {
    static final String A_0900 = "prod/node-a/2026/05/01/audit-2026-05-01T09-00-00.000.log.gz";
    static final String A_1000 = "prod/node-a/2026/05/01/audit-2026-05-01T10-00-00.000.log.gz";
    static final String A_1100 = "prod/node-a/2026/05/01/audit-2026-05-01T11-00-00.000.log.zst";
    static final String B_1000 = "cluster=prod/dt=2026-05-01/node-b_audit-2026-05-01T10-00-00.000.log";
    static final String S_1000 = "staging/node-c/2026/05/01/audit-2026-05-01T10-00-00.000.log";
    static final List<ArchiveObject> LISTING = objects(A_0900, A_0900 + ".manifest", A_1000, A_1100, A_1100 + ".manifest",
            B_1000, "_integrity/prod/node-b/2026/05/01/audit-2026-05-01T10-00-00.000.log.manifest", S_1000,
            "prod/node-a/integrity/checkpoints/x.checkpoint", "prod/node-a/2026/05/02/audit-2026-05-01T10-00-00.000.log",
            "README");

    @Test
    void everySegmentOfEitherLayoutIsACandidateWithItsManifestWhenListed() {
        List<Candidate> all = SegmentPolicy.of(SegmentScope.ALL).candidates(LISTING);

        assertThat(all).extracting(c -> c.key().key()).containsExactly(B_1000, A_0900, A_1000, A_1100, S_1000);
        assertThat(all).extracting(c -> c.manifest() == null ? null : c.manifest().key()).containsExactly(
                "_integrity/prod/node-b/2026/05/01/audit-2026-05-01T10-00-00.000.log.manifest", A_0900 + ".manifest", null,
                A_1100 + ".manifest", null);
        assertThat(SegmentPolicy.segmentsIn(LISTING)).isEqualTo(5);
    }

    @Test
    void keepsTheClustersAndNodesAskedFor() {
        assertThat(keys(scope(Set.of("staging"), Set.of(), null, null))).containsExactly(S_1000);
        assertThat(keys(scope(Set.of("prod"), Set.of("node-b"), null, null))).containsExactly(B_1000);
        assertThat(keys(scope(Set.of(), Set.of("node-a", "node-c"), null, null))).containsExactly(A_0900, A_1000, A_1100, S_1000);
    }

    @Test
    void skipsSegmentsRotatedBeforeSinceLessTheMargin() {
        // Rotated 09:00: its events are all stamped before 09:05 (09:00 + the 5 minute margin).
        assertThat(keys(scope(Set.of("prod"), Set.of("node-a"), "2026-05-01T09:05:00Z", null))).containsExactly(A_0900, A_1000,
                A_1100);
        assertThat(keys(scope(Set.of("prod"), Set.of("node-a"), "2026-05-01T09:05:00.001Z", null))).containsExactly(A_1000,
                A_1100);
        // Without a manifest a segment's name bounds it only from above: until prunes nothing.
        assertThat(keys(scope(Set.of("prod"), Set.of("node-a"), null, "2026-05-01T08:00:00Z"))).containsExactly(A_0900, A_1000,
                A_1100);
    }

    @Test
    void manifestBoundsPruneOnBothSidesAndGiveTheHash() {
        SegmentPolicy policy = SegmentPolicy.of(scope(Set.of(), Set.of("node-a"), "2026-05-01T09:30:00Z",
                "2026-05-01T10:30:00Z"));
        List<Candidate> candidates = policy.candidates(LISTING);
        Map<String, ManifestBounds> bounds = Map.of(
                A_1000, bounds("aa", "2026-05-01T09:00:00Z", "2026-05-01T09:29:59.999999Z"),   // ends before since
                A_1100, bounds("bb", "2026-05-01T10:30:00Z", "2026-05-01T10:59:00Z"));         // starts at until

        assertThat(policy.choose(candidates, bounds)).isEmpty();
        assertThat(policy.choose(candidates, Map.of(A_1100, bounds("bb", "2026-05-01T10:29:59.999999Z",
                "2026-05-01T10:59:00Z")))).extracting(PlannedSegment::storedSha256).containsExactly(null, "bb");
        assertThat(policy.choose(candidates, Map.of(A_1000, new ManifestBounds("cc", null, null))))
                .as("a segment with no stageTimestamp has no event a window matches")
                .extracting(s -> s.key().key()).containsExactly(A_1100);
    }

    @Test
    void withoutAWindowEveryCandidateIsOpenedWithItsHash() {
        SegmentPolicy policy = SegmentPolicy.of(SegmentScope.ALL);
        List<PlannedSegment> chosen = policy.choose(policy.candidates(LISTING), Map.of(S_1000, new ManifestBounds("dd", null, null)));

        assertThat(chosen).extracting(s -> s.key().key()).containsExactly(B_1000, A_0900, A_1000, A_1100, S_1000);
        assertThat(chosen.get(4).storedSha256()).isEqualTo("dd");
    }

    @Test
    void aZeroMarginTrustsTheClocks() {
        SegmentPolicy strict = new SegmentPolicy(scope(Set.of(), Set.of("node-a"), "2026-05-01T09:00:00.001Z", null),
                Duration.ZERO);

        assertThat(strict.candidates(LISTING)).extracting(c -> c.key().key()).containsExactly(A_1000, A_1100);
    }

    private static List<String> keys(SegmentScope scope) {
        return SegmentPolicy.of(scope).candidates(LISTING).stream().map(c -> c.key().key()).toList();
    }

    private static SegmentScope scope(Set<String> clusters, Set<String> nodes, String since, String until) {
        return new SegmentScope(clusters, nodes, new TimeWindow(since == null ? null : Instant.parse(since),
                until == null ? null : Instant.parse(until)));
    }

    private static ManifestBounds bounds(String sha, String min, String max) {
        return new ManifestBounds(sha, Instant.parse(min), Instant.parse(max));
    }

    private static List<ArchiveObject> objects(String... keys) {
        return Arrays.stream(keys).map(k -> new ArchiveObject(k, 10, Instant.EPOCH)).toList();
    }
}
