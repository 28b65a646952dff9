package dev.kubeaudit.agent.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening by location in a build without the shipper module: folders only. */
class ArchivesTest {
    @TempDir
    Path dir;

    @Test
    void opensAFolderGivenAsFileUrlOrAsPlainPath() throws IOException {
        Files.writeString(dir.resolve("a.log"), "a");
        try (Archive byUrl = Archives.open("file:" + dir, ArchiveOptions.DEFAULTS);
             Archive byPath = Archives.open(dir.toString(), ArchiveOptions.DEFAULTS)) {
            assertThat(byUrl.describe()).isEqualTo("file:" + dir.toAbsolutePath().normalize());
            assertThat(byPath.list("")).isEqualTo(byUrl.list(""));
            assertThat(byPath.list("")).extracting(ArchiveObject::key).containsExactly("a.log");
        }
    }

    @Test
    void aMissingFolderOrAFileIsNoArchive() throws IOException {
        Path file = Files.writeString(dir.resolve("a.log"), "a");
        assertThatThrownBy(() -> Archives.open("file:" + dir.resolve("absent"), ArchiveOptions.DEFAULTS))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("archive folder does not exist");
        assertThatThrownBy(() -> Archives.open(file.toString(), ArchiveOptions.DEFAULTS))
                .isInstanceOf(NotDirectoryException.class).hasMessageContaining("not a folder");
    }

    @Test
    void anS3ArchiveNeedsTheShipperModuleAndAnUnknownSchemeIsNamed() {
        assertThatThrownBy(() -> Archives.open("s3://bucket/prefix", ArchiveOptions.DEFAULTS))
                .isInstanceOf(IOException.class).hasMessageContaining("'s3://bucket/prefix'")
                .hasMessageContaining("need the shipper module");
        assertThatThrownBy(() -> Archives.open("gs://bucket", ArchiveOptions.DEFAULTS))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown scheme 'gs'");
    }

    @Test
    void optionsRefuseNoRequestsAtOnce() {
        assertThatThrownBy(() -> ArchiveOptions.DEFAULTS.withConcurrency(0))
                .hasMessage("concurrency: 0 (expected: >= 1)");
        assertThat(ArchiveOptions.DEFAULTS.concurrency()).isEqualTo(16);
    }
}
