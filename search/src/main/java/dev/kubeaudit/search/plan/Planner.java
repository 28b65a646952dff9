package dev.kubeaudit.search.plan;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.search.files.LocalFiles;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists an archive and reads the manifests of the segments a {@link SegmentPolicy} keeps, to
 * decide which segments a search opens; opens none itself. Only the clusters asked for are listed,
 * and with a since only the day folders {@link SegmentPolicy#days} names, counted up to the day
 * after {@code now} ({@link ScopeListing}). A manifest that cannot be read or parsed is reported to the
 * listener and its segment kept. Not thread-safe (it uses the search's {@link LocalFiles}).
 */
public final class Planner {
    /** No manifest is near this size (the verifier's bound). */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    private final Archive archive;
    private final LocalFiles files;
    private final SegmentPolicy policy;
    private final Instant now;
    private final PlanListener listener;

    /** {@code now}: the time the search's durations count back from. */
    public Planner(Archive archive, LocalFiles files, SegmentPolicy policy, Instant now, PlanListener listener) {
        this.archive = archive;
        this.files = files;
        this.policy = policy;
        this.now = now;
        this.listener = listener;
    }

    public Plan plan() throws IOException {
        List<ArchiveObject> listing = new ScopeListing(archive, policy.scope()).list(policy.days(now));
        List<Candidate> candidates = policy.candidates(listing);
        Map<String, ManifestBounds> bounds = new HashMap<>();
        List<String> read = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.manifest() != null) {
                read.add(c.manifest().key());
                ManifestBounds b = bounds(c);
                if (b != null) {
                    bounds.put(c.key().key(), b);
                }
            }
        }
        return new Plan(policy.choose(candidates, bounds), SegmentPolicy.segmentsIn(listing), read);
    }

    private ManifestBounds bounds(Candidate c) throws IOException {
        String key = c.manifest().key();
        if (c.manifest().size() > MAX_MANIFEST_BYTES) {
            listener.manifestUnusable(key, c.manifest().size() + " bytes (expected: at most " + MAX_MANIFEST_BYTES + ")");
            return null;
        }
        byte[] stored;
        try {
            stored = files.small(c.manifest(), MAX_MANIFEST_BYTES);
        } catch (NoSuchFileException e) {
            listener.manifestUnusable(key, "listed but gone when read");
            return null;
        } catch (IOException e) {
            throw new IOException("Read of manifest '" + key + "' failed: " + e.getMessage(), e);
        }
        try {
            return ManifestBounds.parse(stored, c.key().key());
        } catch (IllegalArgumentException e) {
            listener.manifestUnusable(key, e.getMessage());
            return null;
        }
    }
}
