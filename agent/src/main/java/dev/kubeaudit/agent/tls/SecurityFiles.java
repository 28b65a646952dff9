package dev.kubeaudit.agent.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files the webhook's security is loaded from (each may be null: certFile and keyFile together
 * mean TLS, clientCAFile client certificates, tokenFile a bearer token) and the names client
 * certificates must carry. Immutable.
 */
public record SecurityFiles(Path certFile, Path keyFile, Path clientCAFile, List<String> allowedClientNames,
                            Path tokenFile) {
    public SecurityFiles {
        allowedClientNames = List.copyOf(allowedClientNames);
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("certFile " + certFile + ", keyFile " + keyFile + " (expected: both or neither)");
        }
        if (clientCAFile != null && certFile == null) {
            throw new IllegalArgumentException("clientCAFile " + clientCAFile + " (expected: with certFile and keyFile)");
        }
    }

    /** True when nothing is configured: plain HTTP, no credentials. */
    public boolean none() {
        return certFile == null && tokenFile == null;
    }

    List<Path> paths() {
        List<Path> paths = new ArrayList<>();
        for (Path p : new Path[] {certFile, keyFile, clientCAFile, tokenFile}) {
            if (p != null) {
                paths.add(p);
            }
        }
        return paths;
    }

    /** The current bytes of every file, read once, with their combined fingerprint. */
    Snapshot read() throws IOException {
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        for (Path p : paths()) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new IOException("Read of '" + p + "' failed: " + e, e);
            }
            contents.put(p, bytes);
            digest.update(p.toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(bytes);
        }
        return new Snapshot(contents, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** File contents read at one moment; {@code fingerprint} changes when any byte does. */
    record Snapshot(Map<Path, byte[]> contents, String fingerprint) {
        byte[] of(Path p) {
            return contents.get(p);
        }
    }
}
