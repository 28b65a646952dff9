package dev.kubeaudit.agent.archive;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A folder as archive ({@code file:<dir>}, what {@code FileStore} writes): the key is the path
 * relative to the folder with '/' separators. Objects are the regular files, apart from the hidden
 * temp files {@code .<name>.tmp} of copies in progress, and the symbolic links, each listed as one
 * object (a link to a folder is not followed) with the size and time of the file it points to, or
 * its own when it points to no regular file; {@link #open} reads through a link. {@link #folders}
 * reads one directory and, in each subdirectory, walks only until it finds an object (a link is no
 * folder). A folder keeps no versions. Thread-safe (no state besides the root).
 */
public final class FileArchive implements Archive {
    private final Path root;

    public FileArchive(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    @Override
    public List<ArchiveObject> list(String prefix) throws IOException {
        List<ArchiveObject> objects = new ArrayList<>();
        try {
            Path base = root.toRealPath(); // the root may be a link; links below it are objects
            int slash = prefix.lastIndexOf('/');
            Path start = slash <= 0 ? base : base.resolve(relative(prefix.substring(0, slash)));
            if (Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
                Files.walkFileTree(start, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        String key = key(base, file);
                        if (key.startsWith(prefix) && isObject(file, attributes)) {
                            objects.add(object(key, file, attributes));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (IOException e) {
            throw new IOException("Listing of '" + prefix + "' in " + describe() + " failed: " + e, e);
        }
        objects.sort(Comparator.comparing(ArchiveObject::key));
        return List.copyOf(objects);
    }

    @Override
    public List<String> folders(String prefix) throws IOException {
        Archive.requireFolderPrefix(prefix);
        List<String> names = new ArrayList<>();
        try {
            Path base = root.toRealPath();
            Path start = prefix.isEmpty() ? base : base.resolve(relative(prefix.substring(0, prefix.length() - 1)));
            if (Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(start)) {
                    for (Path entry : entries) {
                        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && holdsObject(entry)) {
                            names.add(entry.getFileName().toString());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IOException("Listing of the folders under '" + prefix + "' in " + describe() + " failed: " + e, e);
        }
        names.sort(Comparator.naturalOrder());
        return List.copyOf(names);
    }

    /** Whether an object lies anywhere below {@code folder}; stops at the first. */
    private static boolean holdsObject(Path folder) throws IOException {
        boolean[] found = {false};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                found[0] = isObject(file, attributes);
                return found[0] ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }

    private static boolean isObject(Path file, BasicFileAttributes attributes) {
        return (attributes.isRegularFile() || attributes.isSymbolicLink()) && DurableFiles.targetOfTemp(file).isEmpty();
    }

    private static ArchiveObject object(String key, Path file, BasicFileAttributes attributes) throws IOException {
        BasicFileAttributes described = attributes;
        if (attributes.isSymbolicLink()) {
            try {
                BasicFileAttributes target = Files.readAttributes(file, BasicFileAttributes.class);
                described = target.isRegularFile() ? target : attributes;
            } catch (NoSuchFileException dangling) {
                described = attributes;
            }
        }
        return new ArchiveObject(key, described.size(), described.lastModifiedTime().toInstant());
    }

    private static String key(Path base, Path file) {
        return base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path file = resolve(key);
        if (Files.isDirectory(file)) {
            throw new NoSuchFileException(file.toString(), null, "a folder, not an object of " + describe());
        }
        return Files.newInputStream(file);
    }

    /** The folder's own file: read in place, never copied. */
    @Override
    public Optional<Path> localFile(String key) {
        Path file = resolve(key);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public Optional<Versions> versions(String prefix) {
        return Optional.empty();
    }

    /** The file of {@code key}, which must stay inside the root. */
    private Path resolve(String key) {
        return root.resolve(relative(key));
    }

    /** {@code key} as a path relative to the root; it must name something inside it. */
    private Path relative(String key) {
        Path path = root.getFileSystem().getPath(key).normalize();
        if (key.isEmpty() || path.isAbsolute() || path.toString().isEmpty() || path.startsWith("..")) {
            throw new IllegalArgumentException("key: '" + key + "' (expected: a relative path inside " + root + ")");
        }
        return path;
    }

    @Override
    public void close() {
        // Nothing held open between calls.
    }
}
