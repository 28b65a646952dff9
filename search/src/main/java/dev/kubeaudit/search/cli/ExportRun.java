package dev.kubeaudit.search.cli;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.search.export.ExportRefused;
import dev.kubeaudit.search.export.ExportTarget;
import dev.kubeaudit.search.export.Place;
import dev.kubeaudit.search.export.RunName;
import dev.kubeaudit.search.export.SeparationPolicy;
import dev.kubeaudit.search.export.Staging;
import dev.kubeaudit.search.files.LocalFiles;
import dev.kubeaudit.search.plan.Plan;
import dev.kubeaudit.search.plan.PlannedSegment;
import dev.kubeaudit.search.query.ParquetCopy;
import dev.kubeaudit.search.query.ParquetFile;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One export from flags already checked: opens the archive, refuses a target that overlaps it,
 * stages the run (refused when its folder is taken), plans and gets local files of the planned
 * segments as a search does ({@link ArchiveSource}), writes them as Parquet ({@link ParquetCopy})
 * and publishes the files. Prints each file written and its rows to {@code out}
 * ({@code LOCATION<TAB>ROWS}), the total to {@code err}. Exit status: 0 written (or no event in the
 * range: nothing written), 1 a segment, the store or the target could not be read or written, 2 the
 * archive does not exist or the target was refused. Messages go to {@code err}, one line each,
 * starting {@code export:}.
 */
record ExportRun(ArchiveSource source) {

    int run(ExportTarget target, RunName run, PrintStream out, PrintStream err) {
        Optional<Archive> opened = source.open("export", err);
        if (opened.isEmpty()) {
            return 2;
        }
        try (Archive archive = opened.get()) {
            Optional<String> overlap = SeparationPolicy.refusal(Place.of(archive.describe()), archive.describe(),
                    target.place(), target.describe());
            if (overlap.isPresent()) {
                throw new ExportRefused(overlap.get());
            }
            try (Staging staging = target.stage(run); LocalFiles files = source.files(archive, "export", err)) {
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
        Plan plan = source.plan(archive, files, "export", err);
        List<ParquetFile> written = ParquetCopy.write(source.view(files, plan), storedSha256(plan), staging.folder());
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
}
