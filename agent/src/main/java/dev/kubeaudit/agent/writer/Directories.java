package dev.kubeaudit.agent.writer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of a directory, so that a rename or a new file in it survives power loss. */
final class Directories {
    private Directories() {
    }

    static void sync(Path dir) throws IOException {
        Path target = dir == null ? Path.of(".") : dir;
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new IOException("fsync of directory " + target + " failed", e);
        }
    }
}
