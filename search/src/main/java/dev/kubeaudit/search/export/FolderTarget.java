package dev.kubeaudit.search.export;

import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.search.files.Trees;
import dev.kubeaudit.search.query.ParquetFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder as export target ({@code file:DIR} or {@code DIR}), created when missing. A run is
 * written into the hidden folder {@code .<run>.tmp} beside its final one (the temp name of
 * {@link DurableFiles#tempFor}, which engines skip), its files and folders forced, then renamed to
 * {@code <run>} in one step and the target forced: a reader sees no run folder or a whole one. The
 * run's folder existing refuses the run; so does its temp folder (another export of the same name,
 * or one that stopped part way: delete it by hand then). Not thread-safe.
 */
final class FolderTarget implements ExportTarget {
    private final Path dir;

    FolderTarget(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "file:" + dir;
    }

    @Override
    public Place place() throws IOException {
        return Place.of(describe());
    }

    @Override
    public Staging stage(RunName run) throws IOException, ExportRefused {
        Path target = dir.resolve(run.name());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ExportRefused("file:" + target + " already exists (expected: a new run folder; nothing is"
                    + " overwritten)");
        }
        DurableFiles.createDirectories(dir);
        Path temp = DurableFiles.tempFor(target);
        try {
            Files.createDirectory(temp);
        } catch (FileAlreadyExistsException e) {
            throw new ExportRefused("file:" + temp + " already exists: another export of the same range is writing"
                    + " it, or one stopped part way (expected: no such folder; delete it if no export runs)");
        } catch (IOException e) {
            throw new IOException("Creation of " + temp + " failed: " + e.getMessage(), e);
        }
        return new FolderStaging(temp, target);
    }

    /** The temp folder of one run; renamed to the run's folder once forced. */
    private static final class FolderStaging implements Staging {
        private final Path temp;
        private final Path target;

        FolderStaging(Path temp, Path target) {
            this.temp = temp;
            this.target = target;
        }

        @Override
        public Path folder() {
            return temp;
        }

        @Override
        public String describe() {
            return "file:" + target + "/";
        }

        @Override
        public List<String> publish(List<ParquetFile> files) throws IOException {
            forceTree();
            try {
                Files.move(temp, target); // no REPLACE_EXISTING: refused if the target exists, else one rename(2)
            } catch (FileAlreadyExistsException e) {
                throw new IOException("Rename of " + temp + " to " + target + " refused: " + target
                        + " appeared meanwhile (nothing is overwritten)", e);
            } catch (IOException e) {
                throw new IOException("Rename of " + temp + " to " + target + " failed: " + e, e);
            }
            DurableFiles.forceDirectory(target.getParent());
            List<String> where = new ArrayList<>();
            for (ParquetFile f : files) {
                where.add("file:" + target.resolve(f.path()));
            }
            return where;
        }

        /** Forces every file, then every folder from the deepest up, so that the rename publishes durable content. */
        private void forceTree() throws IOException {
            List<Path> all;
            try (Stream<Path> walk = Files.walk(temp)) {
                all = walk.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path p : all) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
                        DurableFiles.force(channel, p);
                    }
                }
            }
            for (Path p : all) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    DurableFiles.forceDirectory(p);
                }
            }
        }

        @Override
        public void close() throws IOException {
            Trees.delete(temp);
        }
    }
}
