package dev.kubeaudit.agent.testing;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * An archive passed through but for {@link Archive#folders}, which it answers by the interface's
 * default from the listing: what an implementation's own folders must equal. A subclass may change
 * the listing and keep the rest passed through. Closing it closes the archive.
 */
public class ListedOnlyArchive implements Archive {
    protected final Archive archive;

    public ListedOnlyArchive(Archive archive) {
        this.archive = archive;
    }

    @Override
    public String describe() {
        return archive.describe();
    }

    @Override
    public List<ArchiveObject> list(String prefix) throws IOException {
        return archive.list(prefix);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return archive.open(key);
    }

    @Override
    public Optional<Versions> versions(String prefix) throws IOException {
        return archive.versions(prefix);
    }

    @Override
    public void close() throws IOException {
        archive.close();
    }
}
