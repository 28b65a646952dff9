package dev.kubeaudit.search.cli;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.search.export.ExportRefused;
import dev.kubeaudit.search.export.ExportTarget;
import dev.kubeaudit.search.export.Place;
import dev.kubeaudit.search.export.RunName;
import dev.kubeaudit.search.export.SeparationPolicy;
import dev.kubeaudit.search.export.Staging;
import dev.kubeaudit.search.files.CacheOptions;
import dev.kubeaudit.search.files.LocalFiles;
import dev.kubeaudit.search.plan.Plan;
import dev.kubeaudit.search.plan.PlannedSegment;
import dev.kubeaudit.search.plan.Planner;
import dev.kubeaudit.search.plan.SegmentPolicy;
import dev.kubeaudit.search.plan.SegmentScope;
import dev.kubeaudit.search.query.ParquetCopy;
import dev.kubeaudit.search.query.ParquetFile;
import dev.kubeaudit.search.query.ViewSource;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One export from flags already checked: opens the archive, refuses a target that overlaps it,
 * stages the run (refused when its folder is taken), plans as a search does, gets local files of
 * the planned segments, writes them as Parquet ({@link ParquetCopy}) and publishes the files.
 * Prints each file written and its rows to {@code out} ({@code LOCATION<TAB>ROWS}), the total to
 * {@code err}. Exit status: 0 written (or no event in the range: nothing written), 1 a segment, the
 * store or the target could not be read or written, 2 the archive does not exist or the target was
 * refused. Messages go to {@code err}, one line each, starting {@code export:}.
 */
record ExportRun(String location, ArchiveOptions options, CacheOptions cache, SegmentScope scope, long maxLineBytes,
                 boolean verbose) {

    int run(ExportTarget target, RunName run, PrintStream out, PrintStream err) {
        Archive archive;
        try {
            archive = Archives.open(location, options);
        } catch (IOException | IllegalArgumentException e) {
            err.println("export: ARCHIVE " + location + ": " + e.getMessage());
            return 2;
        }
        try (archive) {
            Optional<String> overlap = SeparationPolicy.refusal(Place.of(archive.describe()), archive.describe(),
                    target.place(), target.describe());
            if (overlap.isPresent()) {
                throw new ExportRefused(overlap.get());
            }
            try (Staging staging = target.stage(run); LocalFiles files = LocalFiles.of(archive, cache)) {
                return write(archive, files, staging, out, err);
            }
        } catch (ExportRefused e) {
            err.println("export: " + e.getMessage());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("export: " + e.getMessage());
            return 1;
        }
    }

    private int write(Archive archive, LocalFiles files, Staging staging, PrintStream out, PrintStream err)
            throws IOException {
        Plan plan = new Planner(archive, files, SegmentPolicy.of(scope),
                (key, reason) -> err.println("export: manifest '" + key + "' not used: " + reason)).plan();
        report(plan, err);
        ViewSource source = new ViewSource(SearchRun.local(files, plan), scope.window(), maxLineBytes);
        List<ParquetFile> written = ParquetCopy.write(source, storedSha256(plan), staging.folder());
        if (written.isEmpty()) {
            err.println("export: 0 rows: no event in the range, nothing written");
            return 0;
        }
        List<String> where = staging.publish(written);
        long rows = 0;
        for (int i = 0; i < written.size(); i++) {
            out.println(where.get(i) + "\t" + written.get(i).rows());
            rows += written.get(i).rows();
        }
        out.flush();
        err.println("export: " + rows + (rows == 1 ? " row" : " rows") + " in " + written.size()
                + (written.size() == 1 ? " file" : " files") + " under " + staging.describe());
        return 0;
    }

    private static Map<String, String> storedSha256(Plan plan) {
        Map<String, String> digests = new HashMap<>();
        for (PlannedSegment s : plan.segments()) {
            if (s.storedSha256() != null) {
                digests.put(s.key().key(), s.storedSha256());
            }
        }
        return digests;
    }

    private void report(Plan plan, PrintStream err) {
        if (!verbose) {
            return;
        }
        err.println("export: reading " + plan.segments().size() + " of " + plan.listedSegments() + " segments ("
                + plan.manifestsRead().size() + " manifests read)");
        plan.openedKeys().forEach(k -> err.println("export: segment '" + k + "'"));
    }
}
