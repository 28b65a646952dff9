package dev.kubeaudit.search.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.agent.logfile.Compression;
import dev.kubeaudit.shipper.testing.FolderKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden archives hold what the questions need: every compression, two days, both layouts, the same events. */
class GoldenArchiveTest {
    @TempDir
    Path dir;

    @Test
    void bothLayoutsHoldGzipZstdAndPlainSegmentsOverTwoDays() throws Exception {
        GoldenArchive golden = GoldenArchive.produce(dir);
        for (Path archive : List.of(golden.defaultLayout(), golden.hiveLayout())) {
            List<SegmentKey> segments = FolderKeys.of(archive).stream().map(SegmentKey::parse)
                    .flatMap(Optional::stream).toList();
            assertThat(segments).hasSize(golden.segments());
            assertThat(segments).extracting(SegmentKey::compression)
                    .contains(Compression.GZIP, Compression.ZSTD, Compression.NONE);
            assertThat(segments).extracting(k -> k.segmentTime().toString().substring(0, 10)).containsOnly("2026-11-27",
                    "2026-11-28");
        }
        assertThat(FolderKeys.of(golden.hiveLayout())).allMatch(k -> k.startsWith("cluster=c1/dt=2026-11-2")
                || k.startsWith("_integrity/c1/cp-1/"));
        assertThat(golden.events()).anyMatch(line -> line.length() > 3 << 20);
    }
}
