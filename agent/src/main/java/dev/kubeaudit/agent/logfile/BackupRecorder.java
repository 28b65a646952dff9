package dev.kubeaudit.agent.logfile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The durable step of a rotation: between the rename and the moment the backup may be compressed,
 * announced final, shipped or deleted, whoever keeps exactly-once state (the log writer's
 * checkpoint) records the new backup. Not a listener: {@link RotatingLogFile} calls it in that
 * order on the writing thread, and its failure fails the write that rotated.
 */
@FunctionalInterface
public interface BackupRecorder {
    /** Records nothing: for files whose backups no checkpoint follows. */
    BackupRecorder NONE = backup -> { };

    /** {@code backup} is the file that was active until now; make that durable before returning. */
    void record(Path backup) throws IOException;
}
