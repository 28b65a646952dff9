package dev.kubeaudit.shipper.testing;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A folder archive to tamper with. A copy made by {@link #linkCopy} shares the original's files
 * through hard links, so it costs no bytes; every change here therefore replaces a file (delete,
 * then write a new one) and never writes through a link into the original. Not thread-safe.
 */
public final class WritableFolder implements WritableArchive {
    private final Path root;

    public WritableFolder(Path root) {
        this.root = root;
    }

    /** A copy of the folder {@code from} at {@code to} (which must not exist), every file hard-linked. */
    public static WritableFolder linkCopy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attributes) throws IOException {
                Files.createLink(to.resolve(from.relativize(f)), f);
                return FileVisitResult.CONTINUE;
            }
        });
        return new WritableFolder(to);
    }

    @Override
    public String location() {
        return "file:" + root;
    }

    public Path root() {
        return root;
    }

    @Override
    public byte[] read(String key) throws IOException {
        return Files.readAllBytes(root.resolve(key));
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.write(file, bytes);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.delete(root.resolve(key));
    }

    /** Sets the object's modification time (what the folder lists as its time). */
    public void modified(String key, Instant time) throws IOException {
        Files.setLastModifiedTime(root.resolve(key), FileTime.from(time));
    }
}
