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
import dev.kubeaudit.search.query.EventDatabase;
import dev.kubeaudit.search.query.QueryRejected;
import dev.kubeaudit.search.query.SegmentFile;
import dev.kubeaudit.search.query.ViewSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One search from flags already checked: opens the archive, plans, gets local files of the
 * planned segments (of a remote archive: copies in {@code cache}, whose warnings {@link CacheWarnings}
 * prints), opens the events view over them and runs the action. Exit status: 0 done
 * (no match included), 1 a segment or the store could not be read, 2 the archive does not exist or
 * the query was refused. Messages go to {@code err}, one line each, starting {@code search:}.
 */
record SearchRun(String location, ArchiveOptions options, CacheOptions cache, SegmentScope scope, long maxLineBytes,
                 boolean verbose) {

    /** Runs {@code action}; {@code streamResults}: see {@link EventDatabase#open}. */
    int run(Action action, boolean streamResults, PrintStream out, PrintStream err) {
        Archive archive;
        try {
            archive = Archives.open(location, options);
        } catch (IOException | IllegalArgumentException e) {
            err.println("search: ARCHIVE " + location + ": " + e.getMessage());
            return 2;
        }
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try (archive; LocalFiles files = LocalFiles.of(archive, cache.withListener(new CacheWarnings(err, verbose)))) {
            Plan plan = new Planner(archive, files, SegmentPolicy.of(scope),
                    (key, reason) -> err.println("search: manifest '" + key + "' not used: " + reason)).plan();
            report(plan, err);
            List<SegmentFile> local = local(files, plan);
            report(files, err);
            String summary;
            try (EventDatabase db = EventDatabase.open(new ViewSource(local, scope.window(), maxLineBytes), streamResults)) {
                summary = action.run(db, writer);
            } finally {
                writer.flush();
            }
            err.println(summary);
            return 0;
        } catch (QueryRejected e) {
            err.println("search: --sql: " + e.getMessage());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("search: " + e.getMessage());
            return 1;
        }
    }

    /** Local files of the plan's segments, fetched into the cache where the archive is remote. */
    static List<SegmentFile> local(LocalFiles files, Plan plan) throws IOException {
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
        return local;
    }

    private void report(Plan plan, PrintStream err) {
        if (!verbose) {
            return;
        }
        err.println("search: reading " + plan.segments().size() + " of " + plan.listedSegments() + " segments ("
                + plan.manifestsRead().size() + " manifests read)");
        plan.openedKeys().forEach(k -> err.println("search: segment '" + k + "'"));
    }

    /** How many objects came from the store and how many from the cache (nothing for a folder, which has neither). */
    private void report(LocalFiles files, PrintStream err) {
        int fetched = files.fetched().size();
        int reused = files.reused().size();
        if (verbose && fetched + reused > 0) {
            err.println("search: " + fetched + (fetched == 1 ? " object" : " objects") + " fetched from the store, "
                    + reused + " reused from the cache");
        }
    }
}
