package dev.kubeaudit.search.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.agent.archive.Versions;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.files.LocalFiles;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.TestArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner lists only what the clusters, nodes and since asked for need (with a since: the day
 * folders from since minus the margin to the day after now) and reads only the manifests of the
 * segments it keeps; its answers are those of a whole listing.
 */
class PlannerTest {
    static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");
    static final TimeWindow SINCE_MAY_3 = new TimeWindow(Instant.parse("2026-05-03T00:10:00Z"), null);

    @TempDir
    Path dir;
    TestArchive archive;
    ListingArchive listing;
    String old;
    String recent;
    String staging;

    @BeforeEach
    void writeArchive() throws IOException {
        archive = new TestArchive(dir.resolve("archive"));
        old = archive.sealedSegment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-01T10:00:00Z", Compression.GZIP,
                List.of(Event.at("o", "2026-05-01T09:00:00Z").line()));
        recent = archive.sealedSegment(ArchiveLayout.HIVE, "prod", "node-b", "2026-05-03T10:00:00Z", Compression.GZIP,
                List.of(Event.at("r", "2026-05-03T09:00:00Z").line()));
        staging = archive.sealedSegment(ArchiveLayout.DEFAULT, "staging", "node-c", "2026-05-03T10:00:00Z", Compression.NONE,
                List.of(Event.at("s", "2026-05-03T09:00:00Z").line()));
        archive.write("prod/node-a/integrity/2026-05-03T10-05-00.000.checkpoint", new byte[] {1});
        archive.write("_integrity/prod/node-b/integrity/2026-05-03T10-05-00.000.checkpoint", new byte[] {1});
        archive.write("_integrity/prod/node-b/2026/05/02/other-day.manifest", new byte[] {1});
        listing = new ListingArchive(Archives.open(archive.location(), ArchiveOptions.DEFAULTS));
    }

    @Test
    void listsOnlyTheClustersAskedForInBothLayouts() throws IOException {
        Plan plan = plan(new SegmentScope(Set.of("prod"), Set.of(), TimeWindow.ALL), new ArrayList<>());

        assertThat(listing.prefixes).containsExactly("_integrity/prod/", "cluster=prod/", "prod/");
        assertThat(listing.folders).isEmpty();
        assertThat(plan.openedKeys()).containsExactly(recent, old);
        assertThat(plan.listedSegments()).isEqualTo(2);
        assertThat(plan.segments()).allSatisfy(s -> assertThat(s.storedSha256()).hasSize(64));
    }

    @Test
    void readsNoManifestOfASegmentItsNameRulesOut() throws IOException {
        Plan plan = plan(new SegmentScope(Set.of(), Set.of(), new TimeWindow(Instant.parse("2026-05-02T00:00:00Z"), null)),
                new ArrayList<>());

        assertThat(listing.folders).containsExactly("", "prod/", "staging/", "_integrity/prod/");
        assertThat(listing.prefixes).as("2026-05-01 (since - 5 min) to 2026-05-05 (the day after now)")
                .containsExactlyElementsOf(all(days("_integrity/prod/node-b/2026/05/0", 1, 5),
                        days("cluster=prod/dt=2026-05-0", 1, 5), days("prod/node-a/2026/05/0", 1, 5),
                        days("staging/node-c/2026/05/0", 1, 5)));
        assertThat(plan.openedKeys()).containsExactly(recent, staging);
        assertThat(plan.manifestsRead()).containsExactly(SegmentKey.parse(recent).orElseThrow().manifestKey(),
                staging + ".manifest");
        assertThat(plan.listedSegments()).isEqualTo(3);
    }

    @Test
    void aManifestOfAnotherSegmentIsNotUsed() throws IOException {
        Files.copy(archive.root().resolve(old + ".manifest"), archive.root().resolve(staging + ".manifest"),
                StandardCopyOption.REPLACE_EXISTING);
        List<String> unusable = new ArrayList<>();

        Plan plan = plan(new SegmentScope(Set.of("staging"), Set.of(), TimeWindow.ALL), unusable);

        assertThat(plan.segments()).singleElement().satisfies(s -> assertThat(s.storedSha256()).isNull());
        assertThat(unusable).containsExactly(staging + ".manifest: is the manifest of '" + old + "', not of this segment");
    }

    @Test
    void sinceListsFromTheDayOfSinceMinusTheMarginOnlyAndAnswersAsAWholeListing() throws IOException {
        Plan plan = plan(new SegmentScope(Set.of(), Set.of(), SINCE_MAY_3), new ArrayList<>());

        assertThat(listing.prefixes).containsExactlyElementsOf(all(days("_integrity/prod/node-b/2026/05/0", 3, 5),
                days("cluster=prod/dt=2026-05-0", 3, 5), days("prod/node-a/2026/05/0", 3, 5),
                days("staging/node-c/2026/05/0", 3, 5)));
        assertThat(plan.openedKeys()).containsExactly(recent, staging);
        assertThat(plan.listedSegments()).as("old's day is not listed").isEqualTo(2);
        assertThat(plan).usingRecursiveComparison().ignoringFields("listedSegments").isEqualTo(wholeListing(plan, SINCE_MAY_3));

        listing.clear();
        plan(new SegmentScope(Set.of(), Set.of(), new TimeWindow(Instant.parse("2026-05-03T00:04:59Z"), null)), List.of());
        assertThat(listing.prefixes).as("since - 5 min is on May 2nd").contains("prod/node-a/2026/05/02/")
                .doesNotContain("prod/node-a/2026/05/01/");
    }

    @Test
    void clusterAndNodeWithSinceListOnlyTheirDayFolders() throws IOException {
        SegmentScope scope = new SegmentScope(Set.of("prod"), Set.of("node-b"), SINCE_MAY_3);

        Plan plan = plan(scope, new ArrayList<>());

        assertThat(listing.folders).containsExactly("prod/", "_integrity/prod/");
        assertThat(listing.prefixes).as("hive segments of every node by day; manifests of node-b only")
                .containsExactlyElementsOf(all(days("_integrity/prod/node-b/2026/05/0", 3, 5),
                        days("cluster=prod/dt=2026-05-0", 3, 5)));
        assertThat(plan.openedKeys()).containsExactly(recent);
        assertThat(plan.manifestsRead()).containsExactly(SegmentKey.parse(recent).orElseThrow().manifestKey());

        listing.clear();
        plan(new SegmentScope(Set.of("prod"), Set.of("node-a"), SINCE_MAY_3), List.of());
        assertThat(listing.prefixes).containsExactlyElementsOf(all(days("cluster=prod/dt=2026-05-0", 3, 5),
                days("prod/node-a/2026/05/0", 3, 5)));
    }

    @Test
    void moreThanTheMostDaysAreListedWholeAsWithoutSince() throws IOException {
        SegmentScope scope = new SegmentScope(Set.of(), Set.of(), SINCE_MAY_3);
        Instant lastListedByDay = Instant.parse("2026-05-03T23:59:59Z").plus(Duration.ofDays(SegmentPolicy.MAX_LISTED_DAYS - 2));

        plan(scope, lastListedByDay, List.of());
        assertThat(listing.prefixes).hasSize(4 * SegmentPolicy.MAX_LISTED_DAYS).contains("prod/node-a/2026/07/03/")
                .doesNotContain("prod/node-a/2026/07/04/");

        listing.clear();
        Plan whole = plan(scope, lastListedByDay.plusSeconds(1), List.of());
        assertThat(listing.prefixes).containsExactly("");
        assertThat(listing.folders).isEmpty();
        assertThat(whole.openedKeys()).containsExactly(recent, staging);

        listing.clear();
        plan(new SegmentScope(Set.of("staging"), Set.of(), scope.window()), lastListedByDay.plusSeconds(1), List.of());
        assertThat(listing.prefixes).containsExactly("_integrity/staging/", "cluster=staging/", "staging/");
    }

    @Test
    void aSinceAfterTheDayAfterNowListsNothing() throws IOException {
        Plan plan = plan(new SegmentScope(Set.of(), Set.of(), new TimeWindow(NOW.plus(Duration.ofDays(2)), null)),
                List.of());

        assertThat(listing.prefixes).isEmpty();
        assertThat(listing.folders).isEmpty();
        assertThat(plan.segments()).isEmpty();
    }

    /** The folders {@code head + day + "/"} for days {@code first} to {@code last} (single digits). */
    private static List<String> days(String head, int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(d -> head + d + "/").toList();
    }

    @SafeVarargs
    private static List<String> all(List<String>... groups) {
        return Stream.of(groups).flatMap(List::stream).toList();
    }

    /** The plan of {@code window} from a listing of the whole archive (its now too far ahead for day folders). */
    private Plan wholeListing(Plan byDay, TimeWindow window) throws IOException {
        listing.clear();
        Plan whole = plan(new SegmentScope(Set.of(), Set.of(), window), NOW.plus(Duration.ofDays(500)), List.of());
        assertThat(listing.prefixes).containsExactly("");
        assertThat(whole.listedSegments()).isGreaterThan(byDay.listedSegments());
        return whole;
    }

    private Plan plan(SegmentScope scope, List<String> unusable) throws IOException {
        return plan(scope, NOW, unusable);
    }

    private Plan plan(SegmentScope scope, Instant now, List<String> unusable) throws IOException {
        try (LocalFiles files = LocalFiles.of(listing, dir.resolve("cache"))) {
            return new Planner(listing, files, SegmentPolicy.of(scope), now, (k, why) -> unusable.add(k + ": " + why))
                    .plan();
        }
    }

    /** A folder archive that notes the prefixes it is listed by and those it is asked the folders of. */
    static final class ListingArchive implements Archive {
        final Archive folder;
        final List<String> prefixes = new ArrayList<>();
        final List<String> folders = new ArrayList<>();

        ListingArchive(Archive folder) {
            this.folder = folder;
        }

        void clear() {
            prefixes.clear();
            folders.clear();
        }

        @Override
        public String describe() {
            return folder.describe();
        }

        @Override
        public List<ArchiveObject> list(String prefix) throws IOException {
            prefixes.add(prefix);
            return folder.list(prefix);
        }

        @Override
        public List<String> folders(String prefix) throws IOException {
            folders.add(prefix);
            return folder.folders(prefix);
        }

        @Override
        public InputStream open(String key) throws IOException {
            return folder.open(key);
        }

        @Override
        public Optional<Path> localFile(String key) {
            return folder.localFile(key);
        }

        @Override
        public Optional<Versions> versions(String prefix) throws IOException {
            return folder.versions(prefix);
        }

        @Override
        public void close() throws IOException {
            folder.close();
        }
    }
}
