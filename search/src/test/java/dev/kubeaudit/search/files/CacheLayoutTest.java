package dev.kubeaudit.search.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.ArchiveObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CacheLayoutTest {
    static final Instant T = Instant.parse("2026-11-27T03:16:01.123Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "c1/node-a/2026/11/27/audit-2026-11-27T03-16-01.000.log.gz | audit-2026-11-27T03-16-01.000.log.gz",
        "c1/node-a/audit.log.zst                                  | audit.log.zst",
        "c1/node-a/audit.log                                      | audit.log",
        "c1/node-a/manifest.json                                  | manifest.json",
        "plain                                                    | plain",
        "c1/node a/audit ü.log.gz                                 | object.log.gz",
        "c1/x?y#z.json.zst                                        | object.json.zst",
        "c1/a.b.c.gz x.tar.gz                                     | object.tar.gz",
        "c1/node-a/..                                             | object",
        "c1/node-a/.                                              | object",
        "../../etc/passwd.gz                                      | passwd.gz",
        "c1/node-a/..gz                                           | object.gz",
        "c1/node-a/.sha256                                        | object.sha256",
        "c1/node-a/.tmp-1                                         | object",
        "c1/node-a/                                               | object",
        "c1/back\\slash.gz                                         | object.gz",
        "c1/strange.gz~                                           | object",
    })
    void namesTheCopyLikeTheKeysLastNameOrObjectWithItsExtensions(String key, String name) {
        assertThat(CacheLayout.fileName(key)).isEqualTo(name);
    }

    @Test
    void aLongLastNameKeepsOnlyItsExtensions() {
        assertThat(CacheLayout.fileName("c1/" + "x".repeat(128) + ".log.gz")).isEqualTo("object.log.gz");
        assertThat(CacheLayout.fileName("c1/" + "x".repeat(121) + ".log.gz")).hasSize(128);
    }

    static Stream<String> keys() {
        return Stream.of("a.log.gz", "../../../../etc/passwd", "/abs/x.gz", "c1/..", "C:\\x\\y.gz", "a\nb", "");
    }

    @ParameterizedTest
    @MethodSource("keys")
    void anEntryIsTwoHashFoldersUnderObjectsWhateverTheKey(String key) {
        Path entry = CacheLayout.entry("s3://b/p", new ArchiveObject(key, 1, T));
        assertThat(entry.getNameCount()).isEqualTo(3);
        assertThat(entry.getName(0)).hasToString("objects");
        assertThat(entry.getName(1).toString()).matches("[0-9a-f]{2}");
        assertThat(entry.getName(2).toString()).matches("[0-9a-f]{62}");
        assertThat(entry.resolve(CacheLayout.fileName(key)).normalize()).startsWithRaw(entry).hasParentRaw(entry);
    }

    @Test
    void anObjectsEntryChangesWithItsArchiveSizeOrLastChange() {
        Path entry = CacheLayout.entry("s3://b/p", new ArchiveObject("a.log.gz", 10, T));
        assertThat(CacheLayout.entry("s3://b/p", new ArchiveObject("a.log.gz", 10, T))).isEqualTo(entry);
        assertThat(Stream.of(
                CacheLayout.entry("s3://b/q", new ArchiveObject("a.log.gz", 10, T)),
                CacheLayout.entry("s3://b/p", new ArchiveObject("a.log.gz", 11, T)),
                CacheLayout.entry("s3://b/p", new ArchiveObject("a.log.gz", 10, T.plusMillis(1))),
                CacheLayout.entry("s3://b/p", new ArchiveObject("b.log.gz", 10, T)),
                CacheLayout.entry("s3://b/", new ArchiveObject("pa.log.gz", 10, T))))
                .doesNotContain(entry).doesNotHaveDuplicates();
    }
}
