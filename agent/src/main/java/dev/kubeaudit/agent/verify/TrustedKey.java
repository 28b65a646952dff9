package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.VerifierKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A public key the verifier trusts, for records and checkpoints dated in {@code [from, to)} (either
 * bound null: open). From the command line as {@code FILE[@FROM..TO]}, bounds as {@link TimeBound}
 * reads them. Immutable.
 */
public record TrustedKey(VerifierKey key, Instant from, Instant to) {

    public TrustedKey {
        Objects.requireNonNull(key, "key");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("validity " + from + ".." + to + " (expected: FROM before TO)");
        }
    }

    /** A key valid at all times. */
    public static TrustedKey always(VerifierKey key) {
        return new TrustedKey(key, null, null);
    }

    public boolean validAt(Instant t) {
        return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }

    /**
     * Reads {@code FILE[@FROM..TO]}: the key file (its first key line), and the window when the
     * text after the last '@' holds "..".
     *
     * @throws IOException naming the file when it cannot be read or holds no key
     * @throws IllegalArgumentException naming the bound that is not a time
     */
    public static TrustedKey parse(String spec) throws IOException {
        int at = spec.lastIndexOf('@');
        String file = spec;
        Instant from = null;
        Instant to = null;
        if (at > 0 && spec.indexOf("..", at) > at) {
            file = spec.substring(0, at);
            String window = spec.substring(at + 1);
            int dots = window.indexOf("..");
            from = bound(window.substring(0, dots));
            to = bound(window.substring(dots + 2));
        }
        return new TrustedKey(VerifierKey.read(Path.of(file)), from, to);
    }

    private static Instant bound(String text) {
        return text.isEmpty() ? null : TimeBound.parse(text);
    }

    /** {@code <name>+<id>} and the window, for messages. */
    public String describe() {
        return key.name() + "+" + key.keyIdHex() + (from == null && to == null ? ""
                : " (valid " + (from == null ? "" : from) + ".." + (to == null ? "" : to) + ")");
    }
}
