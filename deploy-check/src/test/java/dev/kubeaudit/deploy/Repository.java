package dev.kubeaudit.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of this repository the checks read, found from the working directory upwards. Stateless. */
final class Repository {
    private static final Path ROOT = findRoot();

    private Repository() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        Path file = path(relative);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Read of " + file + " failed", e);
        }
    }

    private static Path findRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/kubernetes/Containerfile"))
                    && Files.isRegularFile(p.resolve("config/agent.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("No repository root (deploy/kubernetes/Containerfile, config/agent.yaml) above "
                + Path.of("").toAbsolutePath());
    }
}
