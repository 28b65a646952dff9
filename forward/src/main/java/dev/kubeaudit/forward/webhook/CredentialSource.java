package dev.kubeaudit.forward.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a kubeconfig takes one credential from: a file ({@code client-certificate}, a path
 * resolved against the kubeconfig's folder) or inline ({@code client-certificate-data}, already
 * base64-decoded). {@code key} is the kubeconfig key it came from, for messages. Immutable by
 * contract (the inline bytes are not copied).
 */
public record CredentialSource(String key, Path file, byte[] data) {
    public CredentialSource {
        Objects.requireNonNull(key, "key");
        if ((file == null) == (data == null)) {
            throw new IllegalArgumentException(key + ": expected exactly one of a file and inline data");
        }
    }

    /** The bytes now: the file is read on every call, so a replaced file is seen. */
    public byte[] read() throws IOException {
        if (data != null) {
            return data;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(describe() + ": unreadable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** {@code key 'path'} for a file, {@code key (inline)} for data. */
    public String describe() {
        return file != null ? key + " '" + file + "'" : key + " (inline)";
    }
}
