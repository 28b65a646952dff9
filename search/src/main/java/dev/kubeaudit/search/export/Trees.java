package dev.kubeaudit.search.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes a local folder of the export's own with all it holds. Stateless. */
final class Trees {
    private Trees() {
    }

    /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IOException("Deleting " + dir + " failed: " + e.getMessage(), e);
        }
    }
}
