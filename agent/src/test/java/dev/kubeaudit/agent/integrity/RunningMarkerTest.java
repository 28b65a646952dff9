package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningMarkerTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

    private Path marker() {
        return dir.resolve(RunningMarker.FILE_NAME);
    }

    @Test
    void aCleanStopRemovesTheMarkerAndTheNextStartDeclaresNothing() throws IOException {
        try (GapInbox gaps = GapInbox.open(dir)) {
            RunningMarker run = RunningMarker.start(dir, gaps, clock);
            assertThat(marker()).exists().content().contains("started=2026-05-01T10:00:00Z", "pid=");
            run.close();
            run.close();
            assertThat(marker()).doesNotExist();
            RunningMarker.start(dir, gaps, clock).close();
            assertThat(gaps.pending()).isEmpty();
        }
    }

    @Test
    void aMarkerLeftByTheLastRunIsDeclaredAsAnUncleanStopNamingItsStartTime() throws IOException {
        try (GapInbox gaps = GapInbox.open(dir)) {
            RunningMarker.start(dir, gaps, clock); // never closed: killed
            clock.advance(Duration.ofHours(1));
            try (RunningMarker next = RunningMarker.start(dir, gaps, clock)) {
                assertThat(gaps.pending()).singleElement().satisfies(gap -> {
                    assertThat(gap.reason()).isEqualTo(DeclaredGap.UNCLEAN_STOP);
                    assertThat(gap.time()).isEqualTo(clock.instant());
                    assertThat(gap.detail()).startsWith("the run started at 2026-05-01T10:00:00Z (pid ")
                            .contains("did not stop cleanly");
                });
                assertThat(marker()).content().contains("started=2026-05-01T11:00:00Z");
            }
        }
    }

    @Test
    void aMarkerWithoutAStartTimeIsStillAnUncleanStop() throws IOException {
        Files.writeString(marker(), "garbage\n");
        try (GapInbox gaps = GapInbox.open(dir); RunningMarker run = RunningMarker.start(dir, gaps, clock)) {
            assertThat(gaps.pending()).singleElement().satisfies(gap ->
                    assertThat(gap.detail()).startsWith("the run whose start time is unknown (the marker names none)"));
        }
    }
}
