package dev.kubeaudit.agent.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens an archive by location: {@code file:<dir>}, a plain folder path, or what an
 * {@link ArchiveProvider} on the class path handles.
 */
public final class Archives {
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*");

    private Archives() {
    }

    /**
     * The archive at {@code location}.
     *
     * @throws NoSuchFileException when the folder does not exist
     * @throws IOException when it is not a folder, or no provider handles the location's scheme
     */
    public static Archive open(String location, ArchiveOptions options) throws IOException {
        if (location.startsWith("file:")) {
            return folder(Path.of(location.substring("file:".length())));
        }
        Optional<ArchiveProvider> provider = provider(location);
        if (provider.isPresent()) {
            return provider.get().open(location, options);
        }
        Matcher scheme = SCHEME.matcher(location);
        if (scheme.matches()) {
            throw new IOException("Archive '" + location + "': " + unknown(scheme.group(1)));
        }
        return folder(Path.of(location));
    }

    /**
     * Reaches the store at {@code location} through the provider that handles it, within
     * {@code timeout} (see {@link ArchiveProvider#probe}); a folder is no store to reach.
     *
     * @throws IOException with the store's answer, or when no provider handles the location
     */
    public static String probe(String location, ArchiveOptions options, Duration timeout) throws IOException {
        Optional<ArchiveProvider> provider = provider(location);
        if (provider.isPresent()) {
            return provider.get().probe(location, options, timeout);
        }
        Matcher scheme = SCHEME.matcher(location);
        throw new IOException("Archive '" + location + "': " + (scheme.matches() ? unknown(scheme.group(1))
                : "a folder, not a store to reach"));
    }

    private static Optional<ArchiveProvider> provider(String location) {
        return ServiceLoader.load(ArchiveProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.handles(location)).findFirst();
    }

    private static String unknown(String scheme) {
        return scheme.equals("s3")
                ? "S3 archives need the shipper module, which this build does not hold (expected: file:<dir> or <dir>)"
                : "unknown scheme '" + scheme + "' (expected: file:<dir>, <dir> or s3://<bucket>[/<prefix>])";
    }

    private static Archive folder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toAbsolutePath().toString(), null, "archive folder does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toAbsolutePath() + ": archive location is not a folder");
        }
        return new FileArchive(dir);
    }
}
