package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.FileArchive;
import dev.kubeaudit.agent.archive.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A folder archive listed in two pages, as S3 lists a bucket page by page: the keys before
 * {@code boundary}, then the rest. The first listing runs {@code between} after its first page,
 * so whatever that adds to the archive shows in the second page only if it sorts there (an agent
 * shipping while the archive is listed). Not thread-safe: listings come from one thread.
 */
final class PagedFolder implements Archive {
    /** What happens between the pages of the first listing. */
    @FunctionalInterface
    interface Growth {
        void run() throws IOException;
    }

    private final FileArchive folder;
    private final String boundary;
    private Growth between;

    PagedFolder(Path root, String boundary, Growth between) {
        this.folder = new FileArchive(root);
        this.boundary = boundary;
        this.between = between;
    }

    @Override
    public String describe() {
        return "paged " + folder.describe();
    }

    @Override
    public List<ArchiveObject> list(String prefix) throws IOException {
        List<ArchiveObject> out = new ArrayList<>(folder.list(prefix).stream()
                .filter(o -> o.key().compareTo(boundary) < 0).toList());
        if (between != null) {
            Growth growth = between;
            between = null;
            growth.run();
        }
        out.addAll(folder.list(prefix).stream().filter(o -> o.key().compareTo(boundary) >= 0).toList());
        return out;
    }

    @Override
    public InputStream open(String key) throws IOException {
        return folder.open(key);
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
