package dev.kubeaudit.search.files;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Copies of a remote archive's objects in a local cache. */
final class CachedFiles implements LocalFiles {
    private final Archive archive;
    private final Path dir;

    CachedFiles(Archive archive, Path dir) {
        this.archive = archive;
        this.dir = dir;
    }

    @Override
    public Path segment(ArchiveObject object, String sha256) throws IOException {
        throw new IOException("Search of " + archive.describe() + ": remote archives are not readable yet (cache " + dir + ")");
    }

    @Override
    public byte[] small(ArchiveObject object, int maxBytes) throws IOException {
        return archive.readSmall(object.key(), maxBytes);
    }

    @Override
    public List<String> fetched() {
        return List.of();
    }

    @Override
    public void close() {
        // The archive belongs to the caller.
    }
}
