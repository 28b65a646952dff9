package dev.kubeaudit.search.export;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A location as exports compare them: {@code file:<real absolute path>/} or
 * {@code s3://<bucket>/<prefix>/}, always ending in '/', so that one place holds another exactly
 * when the other's text starts with its own. A folder's path is resolved through symbolic links
 * as far as it exists. Immutable.
 */
public record Place(String text) {
    public Place {
        Objects.requireNonNull(text, "text");
        if (!text.endsWith("/")) {
            throw new IllegalArgumentException("text: '" + text + "' (expected: ending in /)");
        }
    }

    /**
     * The place of {@code location}: {@code file:DIR}, {@code DIR} or {@code s3://BUCKET[/PREFIX]}.
     *
     * @throws IllegalArgumentException for another scheme, or no bucket
     * @throws IOException when a folder's existing part cannot be resolved
     */
    public static Place of(String location) throws IOException {
        if (location.startsWith("s3://")) {
            return BucketTarget.of(location, ArchiveOptions.DEFAULTS).place();
        }
        String real = real(folder(location)).toString();
        return new Place("file:" + (real.endsWith("/") ? real : real + "/"));
    }

    /**
     * The folder of {@code location}, {@code file:DIR} or {@code DIR}.
     *
     * @throws IllegalArgumentException for a location with a scheme (s3:// included), or no folder
     */
    static Path folder(String location) {
        if (location.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("'" + location + "' (expected: file:DIR, DIR or s3://BUCKET[/PREFIX])");
        }
        String folder = location.startsWith("file:") ? location.substring("file:".length()) : location;
        if (folder.isEmpty()) {
            throw new IllegalArgumentException("'" + location + "' (expected: a folder after file:)");
        }
        return Path.of(folder);
    }

    /** Whether {@code other} is this place or inside it. */
    public boolean holds(Place other) {
        return other.text.startsWith(text);
    }

    /** The prefix without leading and trailing slashes, as the shipper's keys have it. */
    static String strip(String prefix) {
        int from = 0;
        int to = prefix.length();
        while (from < to && prefix.charAt(from) == '/') {
            from++;
        }
        while (to > from && prefix.charAt(to - 1) == '/') {
            to--;
        }
        return prefix.substring(from, to);
    }

    /** {@code path} absolute, its longest existing part resolved through links, the rest appended. */
    private static Path real(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            throw new IOException("Resolving " + existing + " failed: " + e.getMessage(), e);
        }
    }
}
