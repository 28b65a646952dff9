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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner lists only what the clusters asked for need and reads only the manifests of the segments it keeps. */
class PlannerTest {
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
        listing = new ListingArchive(Archives.open(archive.location(), ArchiveOptions.DEFAULTS));
    }

    @Test
    void listsOnlyTheClustersAskedForInBothLayouts() throws IOException {
        Plan plan = plan(new SegmentScope(Set.of("prod"), Set.of(), TimeWindow.ALL), new ArrayList<>());

        assertThat(listing.prefixes).containsExactly("_integrity/prod/", "cluster=prod/", "prod/");
        assertThat(plan.openedKeys()).containsExactly(recent, old);
        assertThat(plan.listedSegments()).isEqualTo(2);
        assertThat(plan.segments()).allSatisfy(s -> assertThat(s.storedSha256()).hasSize(64));
    }

    @Test
    void readsNoManifestOfASegmentItsNameRulesOut() throws IOException {
        Plan plan = plan(new SegmentScope(Set.of(), Set.of(), new TimeWindow(Instant.parse("2026-05-02T00:00:00Z"), null)),
                new ArrayList<>());

        assertThat(listing.prefixes).containsExactly("");
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

    private Plan plan(SegmentScope scope, List<String> unusable) throws IOException {
        try (LocalFiles files = LocalFiles.of(listing, dir.resolve("cache"))) {
            return new Planner(listing, files, SegmentPolicy.of(scope), (k, why) -> unusable.add(k + ": " + why)).plan();
        }
    }

    /** A folder archive that notes the prefixes it is listed by. */
    static final class ListingArchive implements Archive {
        final Archive folder;
        final List<String> prefixes = new ArrayList<>();

        ListingArchive(Archive folder) {
            this.folder = folder;
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
