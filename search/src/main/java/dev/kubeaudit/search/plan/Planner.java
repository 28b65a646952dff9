package dev.kubeaudit.search.plan;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.search.files.LocalFiles;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Lists an archive and reads the manifests of the segments a {@link SegmentPolicy} keeps, to
 * decide which segments a search opens; opens none itself. With clusters asked for, only their
 * prefixes are listed (both layouts). A manifest that cannot be read or parsed is reported to the
 * listener and its segment kept. Not thread-safe (it uses the search's {@link LocalFiles}).
 */
public final class Planner {
    /** No manifest is near this size (the verifier's bound). */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    private final Archive archive;
    private final LocalFiles files;
    private final SegmentPolicy policy;
    private final PlanListener listener;

    public Planner(Archive archive, LocalFiles files, SegmentPolicy policy, PlanListener listener) {
        this.archive = archive;
        this.files = files;
        this.policy = policy;
        this.listener = listener;
    }

    public Plan plan() throws IOException {
        List<ArchiveObject> listing = list();
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

    private List<ArchiveObject> list() throws IOException {
        List<ArchiveObject> all = new ArrayList<>();
        for (String prefix : prefixes()) {
            all.addAll(archive.list(prefix));
        }
        return all;
    }

    /** "" (all), or per cluster asked for its folder in either layout and its integrity folder. */
    private List<String> prefixes() {
        if (policy.scope().clusters().isEmpty()
                || !policy.scope().clusters().stream().allMatch(c -> c.matches("[A-Za-z0-9][A-Za-z0-9._-]*"))) {
            return List.of("");
        }
        TreeSet<String> prefixes = new TreeSet<>();
        for (String cluster : policy.scope().clusters()) {
            prefixes.add(cluster + "/");
            prefixes.add("cluster=" + cluster + "/");
            prefixes.add(ArchiveLayout.HIVE.integrityRoot() + cluster + "/");
        }
        return List.copyOf(prefixes);
    }
}
