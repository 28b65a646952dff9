package dev.kubeaudit.search.cli;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.search.files.CacheOptions;
import dev.kubeaudit.search.files.LocalFiles;
import dev.kubeaudit.search.plan.Plan;
import dev.kubeaudit.search.plan.PlannedSegment;
import dev.kubeaudit.search.plan.Planner;
import dev.kubeaudit.search.plan.SegmentPolicy;
import dev.kubeaudit.search.plan.SegmentScope;
import dev.kubeaudit.search.query.SegmentFile;
import dev.kubeaudit.search.query.ViewSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a search or an export reads its events, from flags already checked: the archive at
 * {@code location} (reached with {@code options}), the segments of {@code scope}, read as local
 * files (a remote archive's as copies in {@code cache}), lines up to {@code maxLineBytes};
 * {@code now} is the time its durations counted back from, which bounds the day folders listed;
 * {@code verbose} also prints which segments are read. The steps {@link SearchRun} and
 * {@link ExportRun} take alike; each prints to {@code err}, one line a message, starting with the
 * {@code command}'s name. Stateless.
 */
record ArchiveSource(String location, ArchiveOptions options, CacheOptions cache, SegmentScope scope, Instant now,
                     long maxLineBytes, boolean verbose) {

    /** The archive, or empty when it cannot be opened (it does not exist, the location is wrong), after saying why. */
    Optional<Archive> open(String command, PrintStream err) {
        try {
            return Optional.of(Archives.open(location, options));
        } catch (IOException | IllegalArgumentException e) {
            err.println(command + ": ARCHIVE " + location + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Local files of {@code archive}'s objects: its own for a folder, else copies in the cache, whose warnings go to {@code err}. */
    LocalFiles files(Archive archive, String command, PrintStream err) throws IOException {
        return LocalFiles.of(archive, cache.withListener(new CacheWarnings(command, err, verbose)));
    }

    /** The segments to read, by key, then manifest; says which manifests are not used and, {@code verbose}, which segments are read. */
    Plan plan(Archive archive, LocalFiles files, String command, PrintStream err) throws IOException {
        Plan plan = new Planner(archive, files, SegmentPolicy.of(scope), now,
                (key, reason) -> err.println(command + ": manifest '" + key + "' not used: " + reason)).plan();
        if (verbose) {
            err.println(command + ": reading " + plan.segments().size() + " of " + plan.listedSegments() + " segments listed ("
                    + plan.manifestsRead().size() + " manifests read)");
            plan.openedKeys().forEach(k -> err.println(command + ": segment '" + k + "'"));
        }
        return plan;
    }

    /** The events view's source: local files of the plan's segments (fetched into the cache where the archive is remote). */
    ViewSource view(LocalFiles files, Plan plan) throws IOException {
        List<SegmentFile> local = new ArrayList<>();
        for (PlannedSegment s : plan.segments()) {
            Path file;
            try {
                file = files.segment(s.object(), s.storedSha256());
            } catch (NoSuchFileException e) {
                throw new IOException("Segment '" + s.key().key() + "' listed but gone when read", e);
            }
            local.add(new SegmentFile(file, s.key()));
        }
        return new ViewSource(local, scope.window(), maxLineBytes);
    }
}
