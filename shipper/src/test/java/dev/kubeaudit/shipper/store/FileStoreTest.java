package dev.kubeaudit.shipper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.shipper.testing.Segments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
    private static final Instant TIME = Instant.parse("2026-11-27T03:16:01Z");

    @TempDir
    Path dir;

    private Upload upload(Path file) throws Exception {
        String key = new ObjectKeys("", "default", "n1").keyFor(file.getFileName().toString(), TIME);
        return new Upload(key, file, SegmentDigest.of(file, false), TIME);
    }

    @Test
    void copiesUnderTheKeyLayoutAsAPrivateFileLeavingNoTempFile() throws Exception {
        Path file = Segments.write(dir.resolve("log"), "audit-2026-11-27T03-16-01.000.log.gz", 300_000);
        FileStore store = new FileStore(dir.resolve("archive"));
        Receipt receipt = store.put(upload(file));
        Path stored = dir.resolve("archive/default/n1/2026/11/27/audit-2026-11-27T03-16-01.000.log.gz");
        assertThat(stored).hasSameBinaryContentAs(file);
        assertThat(receipt.alreadyStored()).isFalse();
        try (Stream<Path> files = Files.list(stored.getParent())) {
            assertThat(files).containsExactly(stored);
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingIdenticalObjectIsConfirmedAndADifferentOneNeverReplaced() throws Exception {
        Path file = Segments.write(dir.resolve("log"), "audit-2026-11-27T03-16-01.000.log", 1000);
        FileStore store = new FileStore(dir.resolve("archive"));
        store.put(upload(file));
        assertThat(store.put(upload(file)).alreadyStored()).isTrue();
        Files.write(file, new byte[1000]);
        assertThatThrownBy(() -> store.put(upload(file))).isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.CONFLICT));
    }

    @Test
    void aSegmentThatIsGoneIsALocalFailure() throws Exception {
        Path file = Segments.write(dir.resolve("log"), "audit-2026-11-27T03-16-01.000.log", 1000);
        Upload upload = upload(file);
        Files.delete(file);
        assertThatThrownBy(() -> new FileStore(dir.resolve("archive")).put(upload))
                .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.LOCAL));
    }
}
