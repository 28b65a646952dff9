package dev.kubeaudit.search.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.files.LocalFiles;
import dev.kubeaudit.search.plan.Plan;
import dev.kubeaudit.search.plan.PlanListener;
import dev.kubeaudit.search.plan.Planner;
import dev.kubeaudit.search.plan.SegmentPolicy;
import dev.kubeaudit.search.plan.SegmentScope;
import dev.kubeaudit.search.plan.TimeWindow;
import dev.kubeaudit.search.testing.Cli;
import dev.kubeaudit.search.testing.Cli.Result;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.TestArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --since and --until open only the segments that can hold events of the window: the others are
 * made unreadable after they are written (and sealed), so opening one would fail the search.
 */
class SearchPruningTest {
    @TempDir
    Path dir;
    TestArchive archive;
    String day1;
    String day2;
    String day3;
    String hiveEarly;
    String hiveLate;

    @BeforeEach
    void writeArchive() throws IOException {
        archive = new TestArchive(dir.resolve("archive"));
        day1 = archive.segment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-01T10:00:00Z", Compression.GZIP,
                List.of(Event.at("d1", "2026-05-01T09:59:00Z").line()));
        day2 = archive.segment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-02T10:00:00Z", Compression.ZSTD,
                List.of(Event.at("d2-early", "2026-05-02T08:00:00Z").line(), Event.at("d2", "2026-05-02T09:59:00Z").line()));
        day3 = archive.segment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-03T10:00:00Z", Compression.NONE,
                List.of(Event.at("d3", "2026-05-03T09:59:00Z").line()));
        hiveEarly = archive.sealedSegment(ArchiveLayout.HIVE, "prod", "node-b", "2026-05-02T23:00:00Z", Compression.GZIP,
                List.of(Event.at("h1", "2026-05-02T06:00:00Z").line(), Event.at("h2", "2026-05-02T07:00:00Z").line()));
        hiveLate = archive.sealedSegment(ArchiveLayout.HIVE, "prod", "node-b", "2026-05-03T23:00:00Z", Compression.ZSTD,
                List.of(Event.at("h3", "2026-05-03T12:00:00Z").line()));
    }

    @Test
    void sinceSkipsSegmentsRotatedBeforeIt() throws IOException {
        breakSegment(day1);
        breakSegment(hiveEarly);   // its manifest says its events end at 07:00

        Result r = Cli.search(archive.location(), "--since", "2026-05-02T09:00:00Z", "-o", "json", "-v");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(ids(r)).containsExactly("h3", "d3", "d2");
        assertThat(opened(r)).containsExactly(hiveLate, day2, day3);
        assertThat(plan(new TimeWindow(Instant.parse("2026-05-02T09:00:00Z"), null)).openedKeys())
                .containsExactly(hiveLate, day2, day3);
    }

    @Test
    void untilSkipsSegmentsWhoseManifestStartsAtOrAfterIt() throws IOException {
        breakSegment(hiveLate);   // its events start at 2026-05-03T12:00

        Result r = Cli.search(archive.location(), "--until", "2026-05-03T12:00:00Z", "-o", "json", "-v");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(ids(r)).containsExactly("d3", "d2", "d2-early", "h2", "h1", "d1");
        assertThat(opened(r)).containsExactly(hiveEarly, day1, day2, day3);
    }

    @Test
    void sinceIsInclusiveUntilExclusive() {
        Result r = Cli.search(archive.location(), "--since", "2026-05-02T07:00:00Z", "--until", "2026-05-02T09:59:00Z",
                "-o", "json");

        assertThat(ids(r)).containsExactly("d2-early", "h2");
    }

    @Test
    void durationsCountBackFromNow() throws IOException {
        breakSegment(day1);
        breakSegment(day2);
        breakSegment(hiveEarly);

        Result r = Cli.search(archive.location(), "--now", "2026-05-04T00:00:00Z", "--since", "24h", "-o", "json", "-v");

        assertThat(ids(r)).containsExactly("h3", "d3");
        assertThat(opened(r)).containsExactly(hiveLate, day3);
        // 2026-05-02T08:00 <= stageTimestamp < 2026-05-03T08:30: day2's events (hiveEarly's are before, day3's after)
        Result back = Cli.search(archive.location(), "--now", "2026-05-03T10:00:00Z", "--since", "1d2h", "--until", "90m",
                "-o", "json", "-v");
        assertThat(back.exit()).as("day2 is broken and must be read").isEqualTo(1);
        assertThat(back.err()).contains("search: Segment '" + day2 + "' cannot be read: ");
    }

    @Test
    void clusterAndNodeSkipOtherNodesSegments() throws IOException {
        breakSegment(day1);
        breakSegment(day2);
        breakSegment(day3);

        Result r = Cli.search(archive.location(), "--cluster", "prod", "--node", "node-b", "-o", "json", "-v");

        assertThat(ids(r)).containsExactly("h3", "h2", "h1");
        assertThat(r.err()).contains("search: reading 2 of 5 segments listed (2 manifests read)\n");
    }

    @Test
    void sqlSeesOnlyTheWindowAndTheNodesAsked() throws IOException {
        breakSegment(day1);

        Result r = Cli.search(archive.location(), "--since", "2026-05-02T07:00:00Z", "--until", "2026-05-03T12:00:00Z",
                "--node", "node-a,node-b", "--sql", "SELECT auditID FROM events ORDER BY auditID");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly("auditID", "d2", "d2-early", "d3", "h2");
        assertThat(r.err()).isEqualTo("4 rows\n");
    }

    @Test
    void aManifestThatDoesNotParseIsReportedAndItsSegmentRead() throws IOException {
        String manifest = SegmentKey.parse(hiveEarly).orElseThrow().manifestKey();
        archive.write(manifest, "not a signed note".getBytes(StandardCharsets.UTF_8));

        Result r = Cli.search(archive.location(), "--since", "2026-05-02T09:00:00Z", "-o", "json", "-v");

        assertThat(ids(r)).containsExactly("h3", "d3", "d2");
        assertThat(opened(r)).containsExactly(hiveEarly, hiveLate, day2, day3);
        assertThat(r.err()).contains("search: manifest '" + manifest + "' not used: does not parse: ");
    }

    private Plan plan(TimeWindow window) throws IOException {
        try (Archive a = Archives.open(archive.location(), ArchiveOptions.DEFAULTS);
             LocalFiles files = LocalFiles.of(a, dir.resolve("cache"))) {
            return new Planner(a, files, SegmentPolicy.of(new SegmentScope(Set.of(), Set.of(), window)),
                    Instant.parse("2026-05-04T00:00:00Z"), PlanListener.NONE)
                    .plan();
        }
    }

    private void breakSegment(String key) throws IOException {
        archive.write(key, "not an archived segment\u0000".getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> opened(Result r) {
        return r.err().lines().filter(l -> l.startsWith("search: segment '"))
                .map(l -> l.substring("search: segment '".length(), l.length() - 1)).toList();
    }

    private static List<String> ids(Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r.lines().stream().map(l -> l.replaceAll(".*\"auditID\":\"([^\"]*)\".*", "$1")).toList();
    }
}
