package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.FileArchive;
import dev.kubeaudit.agent.archive.Versions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A folder archive whose store fails partway through reading one object, as a dropped S3 connection would. Thread-safe. */
final class FailingFolder implements Archive {
    private final FileArchive folder;
    private final String failing;

    FailingFolder(Path root, String failing) {
        this.folder = new FileArchive(root);
        this.failing = failing;
    }

    @Override
    public String describe() {
        return "failing " + folder.describe();
    }

    @Override
    public List<ArchiveObject> list(String prefix) throws IOException {
        return folder.list(prefix);
    }

    @Override
    public InputStream open(String key) throws IOException {
        InputStream in = folder.open(key);
        if (!key.equals(failing)) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, 7));
                throw new IOException("connection reset after " + n + " bytes of '" + key + "'");
            }
        };
    }

    @Override
    public Optional<Versions> versions(String prefix) {
        return Optional.empty();
    }

    @Override
    public void close() {
        // nothing held
    }
}
