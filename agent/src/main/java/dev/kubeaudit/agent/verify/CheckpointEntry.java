package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.SignedCheckpoint;

/** A checkpoint as read from the archive: its key, what it says, and whether a trusted key valid at its time signed it. Immutable. */
record CheckpointEntry(String key, SignedCheckpoint checkpoint, boolean trusted) {

    long size() {
        return checkpoint.size();
    }

    java.time.Instant time() {
        return checkpoint.time();
    }
}
