package dev.kubeaudit.shipper.testing;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.testing.ListedOnlyArchive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive whose first listing comes in two pages, the archive growing between them, as an S3
 * listing of a bucket an agent ships to meanwhile: the keys before {@code boundary} as they were,
 * then {@code between} runs (ships), then the keys from {@code boundary} on as they are then.
 * Later listings are the archive's own. Reads go to the archive; folders come from the listing.
 * Not thread-safe: listings come from one thread.
 */
public final class PagedListing extends ListedOnlyArchive {
    /** What happens between the two pages. */
    @FunctionalInterface
    public interface Growth {
        void run() throws Exception;
    }

    private final String boundary;
    private Growth between;

    public PagedListing(Archive archive, String boundary, Growth between) {
        super(archive);
        this.boundary = boundary;
        this.between = between;
    }

    @Override
    public List<ArchiveObject> list(String prefix) throws IOException {
        if (between == null) {
            return archive.list(prefix);
        }
        List<ArchiveObject> out = new ArrayList<>(archive.list(prefix).stream()
                .filter(o -> o.key().compareTo(boundary) < 0).toList());
        Growth growth = between;
        between = null;
        try {
            growth.run();
        } catch (Exception e) {
            throw new IOException("The archive's growth between two pages failed: " + e, e);
        }
        out.addAll(archive.list(prefix).stream().filter(o -> o.key().compareTo(boundary) >= 0).toList());
        return out;
    }
}
