package dev.kubeaudit.search.export;

import java.util.Optional;

/**
 * An export never goes into the archive it reads, nor around it: the archive stays exactly as
 * shipped (it is the evidence; its manifests cover what it holds), and a later export or search of
 * either never reads the other. Pure; thread-safe.
 */
public final class SeparationPolicy {
    private static final String EXPECTED = " (expected: a folder or prefix outside the archive, which stays as shipped)";

    private SeparationPolicy() {
    }

    /**
     * Why an export from the archive at {@code archive} (described as {@code archiveName}) to
     * {@code destination} ({@code destinationName}) is refused; empty when it is not.
     */
    public static Optional<String> refusal(Place archive, String archiveName, Place destination, String destinationName) {
        if (archive.equals(destination)) {
            return Optional.of("--to " + destinationName + " is the archive " + archiveName + EXPECTED);
        }
        if (archive.holds(destination)) {
            return Optional.of("--to " + destinationName + " is inside the archive " + archiveName + EXPECTED);
        }
        if (destination.holds(archive)) {
            return Optional.of("the archive " + archiveName + " is inside --to " + destinationName + EXPECTED);
        }
        return Optional.empty();
    }
}
