package dev.kubeaudit.agent.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.testing.ListedOnlyArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileArchiveTest {
    static final String DAY = "c1/node-a/2026/11/27/";

    @TempDir
    Path dir;

    @Test
    void listsEveryRegularFileByRelativeKeySortedAndSkipsTempCopies() throws IOException {
        write(DAY + "audit-2026-11-27T03-16-01.001.log.gz", "bb");
        write(DAY + "audit-2026-11-27T03-16-01.000.log", "a");
        write("c1/node-b/2026/11/27/audit-2026-11-27T05-00-00.000.log", "ccc");
        write(DAY + ".audit-2026-11-27T03-16-01.002.log.tmp", "in progress");
        Files.createDirectories(dir.resolve("c1/empty"));
        Instant time = Instant.parse("2026-11-27T03:20:00Z");
        Files.setLastModifiedTime(dir.resolve(DAY + "audit-2026-11-27T03-16-01.000.log"), FileTime.from(time));

        List<ArchiveObject> objects = archive().list("");

        assertThat(objects).extracting(ArchiveObject::key).containsExactly(
                DAY + "audit-2026-11-27T03-16-01.000.log", DAY + "audit-2026-11-27T03-16-01.001.log.gz",
                "c1/node-b/2026/11/27/audit-2026-11-27T05-00-00.000.log");
        assertThat(objects.get(0)).isEqualTo(new ArchiveObject(DAY + "audit-2026-11-27T03-16-01.000.log", 1, time));
        assertThat(objects).extracting(ArchiveObject::size).containsExactly(1L, 2L, 3L);
    }

    @Test
    void listsOnlyKeysThatStartWithThePrefixWhetherItEndsAtASlashOrInsideAName() throws IOException {
        write(DAY + "audit-2026-11-27T03-16-01.000.log", "a");
        write(DAY + "other.json", "b");
        write("c1/node-ab/2026/11/27/audit-2026-11-27T03-16-01.000.log", "c");
        write("c1/node-a.txt", "d");
        FileArchive archive = archive();

        assertThat(archive.list("c1/node-a/")).extracting(ArchiveObject::key)
                .containsExactly(DAY + "audit-2026-11-27T03-16-01.000.log", DAY + "other.json");
        assertThat(archive.list("c1/node-a")).as("a plain string prefix, as in S3").extracting(ArchiveObject::key)
                .containsExactly("c1/node-a.txt", DAY + "audit-2026-11-27T03-16-01.000.log", DAY + "other.json",
                        "c1/node-ab/2026/11/27/audit-2026-11-27T03-16-01.000.log");
        assertThat(archive.list(DAY + "audit-")).extracting(ArchiveObject::key)
                .containsExactly(DAY + "audit-2026-11-27T03-16-01.000.log");
        assertThat(archive.list("c2/")).isEmpty();
        assertThat(archive.list("c1/node-a.txt/")).as("a file, not a folder").isEmpty();
    }

    @Test
    void listsALinkAsOneObjectWithoutFollowingItIntoAFolder() throws IOException {
        Path target = write("elsewhere/real.log", "12345");
        Files.createDirectories(dir.resolve("c1"));
        Files.createSymbolicLink(dir.resolve("c1/linked.log"), target);
        Files.createSymbolicLink(dir.resolve("c1/folder-link"), dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("c1/dangling"), dir.resolve("gone"));

        List<ArchiveObject> objects = archive().list("c1/");

        assertThat(objects).extracting(ArchiveObject::key).containsExactly("c1/dangling", "c1/folder-link", "c1/linked.log");
        assertThat(objects.get(2).size()).as("the size of the file it points to").isEqualTo(5);
        try (InputStream in = archive().open("c1/linked.log")) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("12345");
        }
    }

    @Test
    void listsThroughARootThatIsItselfALink() throws IOException {
        write("a/b.log", "x");
        Path link = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-link"), dir);
        try {
            assertThat(new FileArchive(link).list("")).extracting(ArchiveObject::key).containsExactly("a/b.log");
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void namesTheFoldersThatHoldObjectsAsTheListingDerivedOnesDo() throws IOException {
        write(DAY + "audit-2026-11-27T03-16-01.000.log", "a");
        write("c1/node-b/integrity/x.checkpoint", "b");
        write("c1/temp-only/.audit.log.tmp", "in progress");
        write("c1/file.log", "c");
        write("cluster=c2/dt=2026-11-27/node-a_audit.log", "d");
        write("elsewhere/real.log", "e");
        Files.createDirectories(dir.resolve("c1/empty/deeper"));
        Files.createSymbolicLink(dir.resolve("c1/folder-link"), dir.resolve("elsewhere"));
        FileArchive archive = archive();
        Archive derived = new ListedOnlyArchive(archive);

        assertThat(archive.folders("")).containsExactly("c1", "cluster=c2", "elsewhere");
        assertThat(archive.folders("c1/")).as("no link, no empty folder, no folder of temp files only")
                .containsExactly("node-a", "node-b");
        assertThat(archive.folders(DAY)).isEmpty();
        assertThat(archive.folders("c3/")).isEmpty();
        assertThat(archive.folders("c1/file.log/")).isEmpty();
        for (String prefix : List.of("", "c1/", "c1/node-a/", DAY, "cluster=c2/", "c3/")) {
            assertThat(archive.folders(prefix)).as(prefix).isEqualTo(derived.folders(prefix));
        }
        assertThatThrownBy(() -> archive.folders("c1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix: 'c1' (expected: \"\" or ending in '/')");
        assertThatThrownBy(() -> archive.folders("../")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensAnObjectAsAStreamAndAnAbsentKeyOrAFolderAsNoSuchFile() throws IOException {
        write(DAY + "audit.log", "line\n");
        FileArchive archive = archive();
        try (InputStream in = archive.open(DAY + "audit.log")) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("line\n");
        }
        assertThatThrownBy(() -> archive.open(DAY + "absent.log")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> archive.open("c1/node-a")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("a folder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../outside.log", "c1/../../outside.log", "/etc/passwd", "c1/.."})
    void refusesAKeyThatDoesNotNameSomethingInsideTheFolder(String key) {
        assertThatThrownBy(() -> archive().open(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key: '" + key + "'");
    }

    @Test
    void readsASmallObjectWholeUpToItsLimitAndNamesTheKeyOfALargerOne() throws IOException {
        write("manifest.json", "0123456789");
        FileArchive archive = archive();

        assertThat(archive.readSmall("manifest.json", 10)).asString(StandardCharsets.UTF_8).isEqualTo("0123456789");
        assertThatThrownBy(() -> archive.readSmall("manifest.json", 9)).isInstanceOf(IOException.class)
                .hasMessage("Object 'manifest.json' in " + archive.describe() + " is larger than 9 bytes");
        assertThatThrownBy(() -> archive.readSmall("absent.json", 9)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> archive.readSmall("manifest.json", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsNoVersionsAndDescribesItselfByItsAbsolutePath() throws IOException {
        write("a.log", "a");
        assertThat(archive().versions("")).isEmpty();
        assertThat(archive().describe()).isEqualTo("file:" + dir.toAbsolutePath().normalize());
    }

    private FileArchive archive() {
        return new FileArchive(dir);
    }

    private Path write(String key, String content) throws IOException {
        Path file = dir.resolve(key);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
