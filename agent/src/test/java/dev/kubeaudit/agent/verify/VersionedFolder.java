package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.archive.BucketLock;
import dev.kubeaudit.agent.archive.FileArchive;
import dev.kubeaudit.agent.archive.Lock;
import dev.kubeaudit.agent.archive.ObjectVersion;
import dev.kubeaudit.agent.archive.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A folder archive that also answers {@link #versions} as a versioned, locked bucket would: one
 * current version per object with the lock a test gives it, plus the delete markers and older
 * versions the test adds. Thread-safe for reads once set up.
 */
final class VersionedFolder implements Archive {
    private final FileArchive folder;
    private final List<ObjectVersion> extra = new ArrayList<>();
    private Function<ArchiveObject, Lock> locks = o -> Lock.UNKNOWN;
    private Versions.Versioning versioning = Versions.Versioning.ENABLED;
    private BucketLock bucketLock = BucketLock.enabled(Lock.Mode.COMPLIANCE, java.time.Period.ofDays(365));

    VersionedFolder(Path root) {
        this.folder = new FileArchive(root);
    }

    VersionedFolder locks(Function<ArchiveObject, Lock> lockOf) {
        this.locks = lockOf;
        return this;
    }

    VersionedFolder versioning(Versions.Versioning v) {
        this.versioning = v;
        return this;
    }

    VersionedFolder bucketLock(BucketLock lock) {
        this.bucketLock = lock;
        return this;
    }

    /** A delete marker on {@code key}, the newest version of it when {@code latest}. */
    VersionedFolder deleteMarker(String key, boolean latest, Instant at) {
        extra.add(new ObjectVersion(key, "marker-" + extra.size(), latest, true, 0, at, null));
        return this;
    }

    /** An older version of {@code key}. */
    VersionedFolder olderVersion(String key, Instant at) {
        extra.add(new ObjectVersion(key, "old-" + extra.size(), false, false, 3, at, Lock.UNKNOWN));
        return this;
    }

    @Override
    public String describe() {
        return "versioned " + folder.describe();
    }

    @Override
    public List<ArchiveObject> list(String prefix) throws IOException {
        return folder.list(prefix);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return folder.open(key);
    }

    @Override
    public Optional<Versions> versions(String prefix) throws IOException {
        boolean hidden = extra.stream().anyMatch(v -> v.deleteMarker() && v.latest());
        List<ObjectVersion> all = new ArrayList<>();
        for (ArchiveObject o : folder.list(prefix)) {
            all.add(new ObjectVersion(o.key(), "v-" + o.key().hashCode(), true, false, o.size(), o.lastModified(),
                    locks.apply(o)));
        }
        extra.stream().filter(v -> v.key().startsWith(prefix)).forEach(all::add);
        all.sort(Comparator.comparing(ObjectVersion::key).thenComparing(v -> !v.latest())
                .thenComparing(ObjectVersion::lastModified, Comparator.reverseOrder()));
        return Optional.of(new Versions(versioning, bucketLock, all));
    }

    @Override
    public void close() {
        // nothing held
    }
}
