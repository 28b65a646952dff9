package dev.kubeaudit.shipper.it;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.Scrape;
import dev.kubeaudit.shipper.StandaloneShipper;
import dev.kubeaudit.shipper.testing.Configs;
import dev.kubeaudit.shipper.testing.Segments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * Standalone mode on a folder written by kube-apiserver's lumberjack with compression: only
 * compressed backups whose plain twin is gone are shipped (a plain backup awaiting compression and
 * a .gz still being written are not), foreign files never; found by periodic scans alone.
 */
class StandaloneTest {
    private static final String A = "audit-2026-11-27T01-00-00.000.log";
    private static final String B = "audit-2026-11-27T02-00-00.000.log";
    private static final String C = "audit-2026-11-27T03-00-00.000.log";
    private static final String E = "audit-2026-11-27T04-00-00.000.log";

    @TempDir
    Path dir;

    @Test
    void shipsCompressedBackupsOnlyOnceTheirPlainTwinIsGoneAndIgnoresForeignFiles() throws Exception {
        Path log = dir.resolve("log");
        Segments.write(log, "audit.log", 5_000);
        Segments.write(log, A, 40_000);
        Segments.write(log, B, 40_000);
        Segments.write(log, B + ".gz", 9_000);
        Segments.write(log, C + ".gz", 12_000);
        Segments.write(log, E + ".zst", 11_000);
        for (String foreign : List.of("notes.txt", ".audit-2026-11-27T05-00-00.000.log.gz.tmp",
                "audit-2026-13-01T00-00-00.000.log.gz", "audit-2026-11-27T06-00-00.log.gz", "other-2026-11-27T01-00-00.000.log.gz")) {
            Segments.write(log, foreign, 100);
        }
        Path archive = dir.resolve("archive");
        Path config = Configs.write(dir, "file:" + archive, null, "log.compress: true");
        try (StandaloneShipper shipper = StandaloneShipper.start(Configs.load(config), Clock.systemUTC(),
                AnonymousCredentialsProvider.create())) {
            awaitUntil(Duration.ofSeconds(20), () -> archived(archive).size() == 2, "the two final segments shipped");
            Thread.sleep(1_000); // five more scans: nothing else may be shipped meanwhile
            assertThat(archived(archive)).containsExactlyInAnyOrder(C + ".gz", E + ".zst");

            Segments.write(log, A + ".gz", 8_000); // lumberjack compresses A, then removes the plain file
            Thread.sleep(500);
            assertThat(archived(archive)).doesNotContain(A + ".gz");
            Files.delete(log.resolve(A));
            Files.delete(log.resolve(B)); // B's .gz is now complete
            awaitUntil(Duration.ofSeconds(20), () -> archived(archive).size() == 4, "A and B shipped");
            assertThat(Scrape.value(Scrape.text(shipper.metricsPort()), "audit_agent_segments_shipped_total",
                    "node=\"node-a\"")).isEqualTo(4.0);
        }
        assertThat(archived(archive)).containsExactlyInAnyOrder(A + ".gz", B + ".gz", C + ".gz", E + ".zst");
        for (String name : archived(archive)) {
            assertThat(archive.resolve("c1/node-a/2026/11/27").resolve(name)).hasSameBinaryContentAs(log.resolve(name));
        }
    }

    private static List<String> archived(Path archive) {
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
