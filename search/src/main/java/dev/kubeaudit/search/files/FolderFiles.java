package dev.kubeaudit.search.files;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder archive's objects read in place: nothing is copied or fetched, and segments are not
 * hashed (that is {@code verify}'s job; here nothing travels over a network). Stateless apart from
 * the archive.
 */
final class FolderFiles implements LocalFiles {
    private final Archive archive;

    FolderFiles(Archive archive) {
        this.archive = archive;
    }

    @Override
    public Path segment(ArchiveObject object, String sha256) throws IOException {
        return archive.localFile(object.key()).orElseThrow(() -> new NoSuchFileException(
                object.key(), null, "no such segment in " + archive.describe()));
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
    public List<String> reused() {
        return List.of();
    }

    @Override
    public void close() {
        // The archive belongs to the caller.
    }
}
