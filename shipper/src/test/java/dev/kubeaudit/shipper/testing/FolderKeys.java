package dev.kubeaudit.shipper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The keys of a folder archive as a test polls them while agents ship into it. Stateless. */
public final class FolderKeys {
    private FolderKeys() {
    }

    /**
     * Its files' paths relative to {@code folder}, '/' separated, hidden temp files left out; none
     * when the folder is not there yet or a file vanishes under the walk (a temp file renamed), so
     * that a poll tries again.
     */
    public static List<String> of(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .map(f -> folder.relativize(f).toString().replace('\\', '/')).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }
}
