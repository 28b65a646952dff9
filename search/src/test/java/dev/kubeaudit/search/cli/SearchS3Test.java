package dev.kubeaudit.search.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.agent.integrity.Digests;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.search.testing.Cli;
import dev.kubeaudit.search.testing.Cli.Result;
import dev.kubeaudit.search.testing.Event;
import dev.kubeaudit.search.testing.RequestRelay.Request;
import dev.kubeaudit.search.testing.TestArchive;
import dev.kubeaudit.search.testing.UploadedArchive;
import dev.kubeaudit.shipper.testing.S3Server;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search} of an S3 archive, end to end, against s3proxy on 127.0.0.1: the archive is
 * written as a folder, copied to a prefix of the bucket, and searched through a relay that records
 * every request the search sends, with a cache folder of the test's own. (Not LocalS3 as well:
 * its Netty reports leaks of its own on standard error, which the command line's capture would take
 * for the search's.)
 */
class SearchS3Test {
    static final String SIDECAR = ".sha256";
    static final String NOW = "2026-05-04T00:00:00Z";
    static final String NO_MANIFEST = "has no manifest: its copy is not checked against a stored SHA-256";

    @TempDir
    static Path serverDir;
    static S3Server server;

    @TempDir
    Path dir;
    Path cache;
    TestArchive folder;
    String day1;
    String day2;
    String day3;
    String hiveEarly;
    String hiveLate;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(serverDir.resolve("s3proxy"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Sealed segments of both layouts, as in {@code SearchPruningTest}: node-a keyed by day, node-b in Hive folders. */
    @BeforeEach
    void writeArchive() throws IOException {
        cache = dir.resolve("cache");
        folder = new TestArchive(dir.resolve("archive"));
        day1 = folder.sealedSegment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-01T10:00:00Z", Compression.GZIP,
                List.of(Event.at("d1", "2026-05-01T09:59:00Z").line()));
        day2 = folder.sealedSegment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-02T10:00:00Z", Compression.ZSTD,
                List.of(Event.at("d2-early", "2026-05-02T08:00:00Z").line(), Event.at("d2", "2026-05-02T09:59:00Z").line()));
        day3 = folder.sealedSegment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-03T10:00:00Z", Compression.NONE,
                List.of(Event.at("d3", "2026-05-03T09:59:00Z").line()));
        hiveEarly = folder.sealedSegment(ArchiveLayout.HIVE, "prod", "node-b", "2026-05-02T23:00:00Z", Compression.GZIP,
                List.of(Event.at("h1", "2026-05-02T06:00:00Z").line(), Event.at("h2", "2026-05-02T07:00:00Z").line()));
        hiveLate = folder.sealedSegment(ArchiveLayout.HIVE, "prod", "node-b", "2026-05-03T23:00:00Z", Compression.ZSTD,
                List.of(Event.at("h3", "2026-05-03T12:00:00Z").line()));
    }

    @Test
    void fetchesOnlyTheSegmentsWhoseTimeCanMatchAndAnswersAsTheFolderDoes() throws Exception {
        try (UploadedArchive s3 = UploadedArchive.of(folder, server)) {
            String[] window = {"--since", "2026-05-02T09:00:00Z", "--until", "2026-05-03T12:00:00Z", "-o", "json"};

            Result r = search(s3, with(window, "-v"));

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(ids(r)).containsExactly("d3", "d2");
            assertThat(r.out()).isEqualTo(Cli.search(with(new String[] {folder.location()}, window)).out());
            // day1 is rotated before the window: its day is not listed. hiveEarly's events end at
            // 07:00 and hiveLate's start at 12:00 (until is exclusive), as their manifests say: not fetched.
            assertThat(s3.gets(s3.requests())).containsExactlyInAnyOrder(manifest(day2), manifest(day3),
                    manifest(hiveEarly), manifest(hiveLate), day2, day3);
            assertThat(r.err()).contains("search: reading 2 of 4 segments listed (4 manifests read)\n",
                    "search: 6 objects fetched from the store, 0 reused from the cache\n").doesNotContain(NO_MANIFEST);
        }
    }

    @Test
    void aSegmentWhoseBytesDifferFromItsManifestFailsNamingItAndIsNotCached() throws Exception {
        try (UploadedArchive s3 = UploadedArchive.of(folder, server)) {
            byte[] forged = TestArchive.content(List.of(Event.at("forged", "2026-05-03T09:59:00Z").line()));
            s3.put(day3, forged);   // a readable segment: read unchecked, it would be the answer

            Result r = search(s3, "--since", "2026-05-03T00:00:00Z", "--until", "2026-05-03T11:00:00Z", "-o", "json");

            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.err()).isEqualTo("search: segment '" + day3 + "' from " + s3.location() + ": SHA-256 "
                    + sha256(forged) + " does not match its manifest's " + sha256(folder.root().resolve(day3)) + "\n");
            assertThat(s3.gets(s3.requests())).containsExactlyInAnyOrder(manifest(day3), manifest(hiveLate), day3);
            assertThat(filesIn(cache)).containsExactlyInAnyOrder(name(manifest(day3)), name(manifest(hiveLate)),
                    SIDECAR, SIDECAR);
        }
    }

    @Test
    void aCopyChangedInTheCacheIsFetchedAgainAndTheAnswerIsRight() throws Exception {
        try (UploadedArchive s3 = UploadedArchive.of(folder, server)) {
            String[] day3Only = {"--since", "2026-05-03T00:00:00Z", "--until", "2026-05-03T11:00:00Z", "-o", "json"};
            assertThat(ids(search(s3, day3Only))).containsExactly("d3");
            Path copy = copyNamed(name(day3));
            String text = Files.readString(copy);
            replaceKeepingSizeAndTime(copy, text.replace("\"auditID\":\"d3\"", "\"auditID\":\"x3\""));
            int before = s3.requests().size();

            Result r = search(s3, day3Only);

            assertThat(ids(r)).containsExactly("d3");
            assertThat(r.err()).startsWith("search: cached copy of '" + day3 + "' re-fetched: its SHA-256 ")
                    .contains(" is no longer " + sha256(folder.root().resolve(day3)) + ", as downloaded\n");
            assertThat(s3.gets(since(s3, before))).containsExactly(day3);
            assertThat(copy).hasContent(text);
        }
    }

    @Test
    void aSecondIdenticalSearchFetchesNothingAndOnlyLists() throws Exception {
        try (UploadedArchive s3 = UploadedArchive.of(folder, server)) {
            Result first = search(s3, "--since", "2026-05-02T09:00:00Z", "-o", "json", "-v");
            List<Request> firstRequests = s3.requests();

            Result second = search(s3, "--since", "2026-05-02T09:00:00Z", "-o", "json", "-v");
            List<Request> secondRequests = since(s3, firstRequests.size());

            assertThat(ids(second)).containsExactly("h3", "d3", "d2").isEqualTo(ids(first));
            assertThat(s3.gets(firstRequests)).hasSize(7);   // 4 manifests, 3 segments
            assertThat(s3.gets(secondRequests)).isEmpty();
            // the folders of the archive, of prod and of prod's hive manifests, then 3 folders a day for 4 days
            assertThat(UploadedArchive.listings(firstRequests)).isEqualTo(3 + 3 * 4);
            assertThat(UploadedArchive.listings(secondRequests)).isEqualTo(3 + 3 * 4);
            assertThat(secondRequests).hasSize(3 + 3 * 4);
            assertThat(second.err()).contains("search: 0 objects fetched from the store, 7 reused from the cache\n");
        }
    }

    @Test
    void sinceListsOnlyTheFoldersAndTheDaysThatCanHoldAKeptSegmentAndAnswersAsAWholeListing() throws Exception {
        TestArchive days = new TestArchive(dir.resolve("days"));
        for (int d = 10; d < 30; d++) {
            days.sealedSegment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-04-" + d + "T12:00:00Z", Compression.GZIP,
                    List.of(Event.at("a" + d, "2026-04-" + d + "T11:00:00Z").line()));
            days.sealedSegment(ArchiveLayout.HIVE, "prod", "node-b", "2026-04-" + d + "T20:00:00Z", Compression.NONE,
                    List.of(Event.at("b" + d, "2026-04-" + d + "T19:00:00Z").line()));
            days.write("prod/node-a/integrity/2026-04-" + d + "T12-05-00.000.checkpoint", new byte[] {1});
            days.write("_integrity/prod/node-b/integrity/2026-04-" + d + "T20-05-00.000.checkpoint", new byte[] {1});
        }
        try (UploadedArchive s3 = UploadedArchive.of(days, server)) {
            String[] since = {"--since", "2026-04-28T00:00:00Z", "-o", "json", "-v"};

            Result r = search(s3, with(since, "--now", "2026-04-29T21:00:00Z"));

            assertThat(ids(r)).containsExactly("b29", "a29", "b28", "a28");
            assertThat(r.err()).contains("search: reading 4 of 6 segments listed (4 manifests read)\n");
            List<String> listed = new ArrayList<>();
            for (String folder : List.of("_integrity/prod/node-b/2026/04/", "cluster=prod/dt=2026-04-", "prod/node-a/2026/04/")) {
                for (String day : List.of("27", "28", "29", "30")) {
                    listed.add("list " + folder + day + "/");
                }
            }
            assertThat(listings(s3, s3.requests())).as("since - 5 min is on the 27th; now + 1 day is the 30th")
                    .containsExactlyElementsOf(Stream.concat(Stream.of("folders ", "folders prod/",
                            "folders _integrity/prod/"), listed.stream()).toList());

            int before = s3.requests().size();
            Result whole = search(s3, with(since, "--now", "2027-06-01T00:00:00Z"));   // more than 400 days
            assertThat(whole.out()).isEqualTo(r.out());
            assertThat(listings(s3, since(s3, before))).containsExactly("list ");
            assertThat(r.out()).isEqualTo(Cli.search(with(new String[] {days.location()}, since)).out());
        }
    }

    @Test
    void anArchiveWithoutManifestsWarnsOncePerSegmentReadAndStillAnswers() throws Exception {
        TestArchive bare = new TestArchive(dir.resolve("bare"));
        String a = bare.segment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-02T10:00:00Z", Compression.GZIP,
                List.of(Event.at("a1", "2026-05-02T09:00:00Z").line()));
        String b = bare.segment(ArchiveLayout.HIVE, "prod", "node-b", "2026-05-02T11:00:00Z", Compression.ZSTD,
                List.of(Event.at("b1", "2026-05-02T10:30:00Z").line()));
        bare.segment(ArchiveLayout.DEFAULT, "prod", "node-a", "2026-05-01T10:00:00Z", Compression.NONE,
                List.of(Event.at("old", "2026-05-01T09:00:00Z").line()));
        try (UploadedArchive s3 = UploadedArchive.of(bare, server)) {
            for (int run = 0; run < 2; run++) {   // the second from the cache: the copies are still unverified
                Result r = search(s3, "--since", "2026-05-02T00:00:00Z", "-o", "json");

                assertThat(ids(r)).containsExactly("b1", "a1");
                assertThat(r.err().lines().filter(l -> l.contains(NO_MANIFEST)).toList()).containsExactlyInAnyOrder(
                        "search: segment '" + a + "' " + NO_MANIFEST, "search: segment '" + b + "' " + NO_MANIFEST);
            }
            assertThat(s3.gets(s3.requests())).containsExactlyInAnyOrder(a, b);
        }
    }

    @Test
    void cacheMaxBytesZeroKeepsOnlyTheLastSearchsCopies() throws Exception {
        try (UploadedArchive s3 = UploadedArchive.of(folder, server)) {
            Result first = search(s3, "--since", "2026-05-03T00:00:00Z", "--until", "2026-05-03T11:00:00Z",
                    "--cache-max-bytes", "0", "-o", "json");
            assertThat(ids(first)).containsExactly("d3");
            long day3Bytes = Files.size(folder.root().resolve(day3)) + Files.size(folder.root().resolve(manifest(day3)));

            // hiveLate's manifest is read again, from the cache; day3 and its manifest are not used
            Result r = search(s3, "--node", "node-b", "--until", "2026-05-03T00:00:00Z", "-v", "--cache-max-bytes", "0",
                    "-o", "json");

            assertThat(ids(r)).containsExactly("h2", "h1");
            assertThat(r.err()).contains("search: cache: evicted 2 copies of " + day3Bytes
                    + " bytes, least recently used first\n");
            assertThat(filesIn(cache)).containsExactlyInAnyOrder(name(manifest(hiveEarly)), name(manifest(hiveLate)),
                    name(hiveEarly), SIDECAR, SIDECAR, SIDECAR);
        }
    }

    private Result search(UploadedArchive s3, String... args) {
        List<String> all = new ArrayList<>(List.of(s3.location()));
        all.addAll(List.of(args));
        all.addAll(s3.flags());
        all.addAll(List.of("--cache-dir", cache.toString()));
        if (!all.contains("--now")) {
            all.addAll(List.of("--now", NOW));   // the day folders listed stay those of the archive's days
        }
        return Cli.search(all.toArray(String[]::new));
    }

    private static String[] with(String[] args, String... more) {
        return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
    }

    private static List<Request> since(UploadedArchive s3, int first) {
        List<Request> all = s3.requests();
        return all.subList(first, all.size());
    }

    /** The ListObjectsV2 requests among {@code requests}: "folders PREFIX" with delimiter '/', else "list PREFIX". */
    private static List<String> listings(UploadedArchive s3, List<Request> requests) {
        String root = URI.create(s3.location()).getPath().substring(1) + "/";
        List<String> listings = new ArrayList<>();
        for (Request r : requests) {
            if (r.isListing(S3Server.BUCKET)) {
                Map<String, String> query = new HashMap<>();
                for (String pair : URI.create("http://relay" + r.target()).getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.put(kv[0], kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
                assertThat(query.get("prefix")).startsWith(root);
                listings.add((query.containsKey("delimiter") ? "folders " : "list ")
                        + query.get("prefix").substring(root.length()));
            }
        }
        return listings;
    }

    private static String manifest(String segment) {
        return SegmentKey.parse(segment).orElseThrow().manifestKey();
    }

    private static String name(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The names of the files of a cache folder's copies: the copies, their sidecars, any temporary file. */
    private static List<String> filesIn(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache.resolve("objects"))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    private Path copyNamed(String name) throws IOException {
        try (Stream<Path> files = Files.walk(cache.resolve("objects"))) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }

    private static void replaceKeepingSizeAndTime(Path file, String text) throws IOException {
        FileTime time = Files.getLastModifiedTime(file);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize((int) Files.size(file)).isNotEqualTo(Files.readAllBytes(file));
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, time);
    }

    private static String sha256(byte[] bytes) {
        return Digests.hex(Digests.sha256(bytes));
    }

    private static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    private static List<String> ids(Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r.lines().stream().map(l -> l.replaceAll(".*\"auditID\":\"([^\"]*)\".*", "$1")).toList();
    }
}
