package dev.kubeaudit.search.cli;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.search.files.LocalFiles;
import dev.kubeaudit.search.output.ClosedOutput;
import dev.kubeaudit.search.output.PipeOutput;
import dev.kubeaudit.search.plan.Plan;
import dev.kubeaudit.search.query.EventDatabase;
import dev.kubeaudit.search.query.QueryRejected;
import dev.kubeaudit.search.query.ViewSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One search from flags already checked: opens the archive, plans, gets local files of the
 * planned segments (of a remote archive: copies in the cache, whose warnings {@link CacheWarnings}
 * prints), opens the events view over them and runs the action; {@link ArchiveSource} takes the
 * steps an export takes too. Exit status: 0 done (no match included), 1 a segment or the store
 * could not be read, 2 the archive does not exist or the query was refused; when standard output
 * closes (the reader of a pipe exited) it stops at once, 0 and no count. Messages go to
 * {@code err}, one line each, starting {@code search:}.
 */
record SearchRun(ArchiveSource source) {

    /** Runs {@code action}; {@code streamResults}: see {@link EventDatabase#open}. */
    int run(Action action, boolean streamResults, PrintStream out, PrintStream err) {
        Optional<Archive> opened = source.open("search", err);
        if (opened.isEmpty()) {
            return 2;
        }
        Writer writer = new BufferedWriter(new OutputStreamWriter(new PipeOutput(out), StandardCharsets.UTF_8), 1 << 16);
        try (Archive archive = opened.get();
             LocalFiles files = source.files(archive, "search", err)) {
            Plan plan = source.plan(archive, files, "search", err);
            ViewSource view = source.view(files, plan);
            report(files, err);
            String summary;
            try (EventDatabase db = EventDatabase.open(view, streamResults)) {
                summary = action.run(db, writer);
            } finally {
                writer.flush();
            }
            err.println(summary);
            return 0;
        } catch (ClosedOutput e) {
            return 0;   // the reader has what it wanted (| head): nothing to say, nothing more to read
        } catch (QueryRejected e) {
            err.println("search: --sql: " + e.getMessage());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("search: " + e.getMessage());
            return 1;
        }
    }

    /** How many objects came from the store and how many from the cache (nothing for a folder, which has neither). */
    private void report(LocalFiles files, PrintStream err) {
        int fetched = files.fetched().size();
        int reused = files.reused().size();
        if (source.verbose() && fetched + reused > 0) {
            err.println("search: " + fetched + (fetched == 1 ? " object" : " objects") + " fetched from the store, "
                    + reused + " reused from the cache");
        }
    }
}
