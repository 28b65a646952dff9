package dev.kubeaudit.agent.integrity;

import java.nio.file.Path;

/**
 * Where the agent keeps its integrity state: {@code <journal.dir>/integrity/} (mode 0700, created
 * by whoever opens a file there), holding {@value GapInbox#FILE_NAME},
 * {@value SegmentRanges#FILE_NAME} and the {@value RunningMarker#FILE_NAME} marker.
 */
public final class IntegrityDirectory {
    public static final String NAME = "integrity";
    /**
     * The signing key the shipper generates, without integrity.signingKeyFile, in the integrity
     * directory of its state directory (ship.ledgerDir, default journal.dir); its public key beside it.
     */
    public static final String SIGNING_KEY = "signing.key";

    private IntegrityDirectory() {
    }

    /** The integrity directory of the agent whose journal.dir is {@code journalDir}. */
    public static Path of(Path journalDir) {
        return journalDir.resolve(NAME);
    }
}
