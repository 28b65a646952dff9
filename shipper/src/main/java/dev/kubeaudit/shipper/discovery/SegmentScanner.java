package dev.kubeaudit.shipper.discovery;

import dev.kubeaudit.agent.logfile.BackupNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the final segments of one active log file: by scanning its folder (at start, periodically,
 * and in standalone mode as the only discovery) or by checking one notified path. Thread-safe
 * (stateless apart from reading the folder).
 */
public final class SegmentScanner {
    private final Path activeFile;
    private final FinalSegmentPolicy policy;

    public SegmentScanner(Path activeFile, boolean compressed) {
        this.activeFile = activeFile;
        this.policy = new FinalSegmentPolicy(compressed);
    }

    /** Every final segment in the folder now, oldest first. */
    public List<Segment> scan() throws IOException {
        return policy.finalSegments(BackupNames.list(activeFile));
    }

    /** The segment {@code path} names when it is one of this log's backups, whatever its state. */
    public Optional<Segment> parse(Path path) {
        return BackupNames.parse(activeFile, path).map(Segment::of);
    }

    public Path activeFile() {
        return activeFile;
    }
}
