package dev.kubeaudit.agent.integrity;

import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * An Ed25519 signing key from the JDK (SunEC), with the name and key ID the signed-note format
 * gives it. Stored as one line, {@code PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>} (the
 * signer form of golang.org/x/mod/sumdb/note), in a file of mode 0600 that never leaves the host;
 * its public half ({@link #verifierKey()}) goes to verifiers. Immutable; thread-safe (a Signature per call).
 */
public final class SigningKey {
    private static final String PREFIX = "PRIVATE+KEY+";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final byte[] PKCS8_PREFIX = Digests.fromHex("302e020100300506032b657004220420");

    private final PrivateKey key;
    private final byte[] seed;
    private final VerifierKey verifier;

    private SigningKey(byte[] seed, String name) {
        KeyPair pair = fromSeed(seed);
        this.key = pair.getPrivate();
        this.seed = seed.clone();
        byte[] spki = pair.getPublic().getEncoded();
        this.verifier = new VerifierKey(name, Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    /** A new random key named {@code name}. */
    public static SigningKey generate(String name) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new SigningKey(seed, name);
    }

    /** Parses the one-line signer form; IllegalArgumentException naming what is wrong (never the key itself). */
    public static SigningKey parse(String text) {
        String s = text.strip();
        if (!s.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a private key (expected: a line starting " + PREFIX + ")");
        }
        String rest = s.substring(PREFIX.length());
        int first = rest.indexOf('+');
        int last = first < 0 ? -1 : rest.indexOf('+', first + 1);
        if (first <= 0 || last < 0) {
            throw new IllegalArgumentException("not a private key (expected: " + PREFIX + "<name>+<hex id>+<base64>)");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(rest.substring(last + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("private key: not base64");
        }
        if (blob.length != 33 || blob[0] != KeyIds.ED25519) {
            throw new IllegalArgumentException("private key: not an Ed25519 key (expected: 33 bytes starting 0x01)");
        }
        SigningKey key = new SigningKey(Arrays.copyOfRange(blob, 1, 33), rest.substring(0, first));
        if (!rest.substring(first + 1, last).equals(key.verifier.keyIdHex())) {
            throw new IllegalArgumentException("private key: key ID '" + rest.substring(first + 1, last)
                    + "' does not match name and key");
        }
        return key;
    }

    /** Reads a private key file written by {@link #write}. */
    public static SigningKey read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("Read of signing key " + file + " failed: " + e, e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the signing key {@code file} as the agent uses it: it must exist, be readable by its
     * owner only (where the file system has modes) and hold a key. IOException of one line,
     * starting with {@code what} and naming the file, otherwise.
     */
    public static SigningKey readPrivate(Path file, String what) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(mode)) {
                throw new IOException(what + "'" + file + "' is open to group or others ("
                        + PosixFilePermissions.toString(mode) + "; expected: readable by its owner only, e.g. mode 0600)");
            }
        } catch (NoSuchFileException e) {
            throw new IOException(what + "'" + file + "' does not exist (expected: an Ed25519 signing key file)", e);
        } catch (UnsupportedOperationException e) {
            // A file system without POSIX modes: nothing to check.
        }
        try {
            return read(file);
        } catch (IOException e) {
            throw new IOException(what + "'" + file + "' is not a usable signing key: "
                    + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "), e);
        }
    }

    /**
     * Writes this key to {@code file} (mode 0600) and its public key to {@code file + ".pub"}, both
     * durably; refuses to replace either file.
     */
    public void write(Path file) throws IOException {
        Path pub = publicKeyFile(file);
        for (Path p : new Path[] {file, pub}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString(), null, "a key file is never replaced");
            }
        }
        DurableFiles.createNew(file, (encoded() + "\n").getBytes(StandardCharsets.UTF_8));
        DurableFiles.createNew(pub, (verifier.encoded() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Where {@link #write} puts the public key of a key written to {@code file}. */
    public static Path publicKeyFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".pub");
    }

    /** The Ed25519 signature (64 bytes) of {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }

    public VerifierKey verifierKey() {
        return verifier;
    }

    public String name() {
        return verifier.name();
    }

    /** The signer form; secret: goes only into the key file. */
    String encoded() {
        byte[] blob = new byte[33];
        blob[0] = KeyIds.ED25519;
        System.arraycopy(seed, 0, blob, 1, 32);
        return PREFIX + verifier.name() + "+" + verifier.keyIdHex() + "+" + Base64.getEncoder().encodeToString(blob);
    }

    @Override
    public String toString() {
        return "SigningKey[" + verifier.name() + "+" + verifier.keyIdHex() + "]";
    }

    /** The JDK derives a key pair from the 32 random bytes its generator draws: hand it the seed. */
    private static KeyPair fromSeed(byte[] seed) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SeedBytes(seed));
            KeyPair pair = g.generateKeyPair();
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            byte[] expected = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + 32);
            System.arraycopy(seed, 0, expected, PKCS8_PREFIX.length, 32);
            if (!Arrays.equals(pkcs8, expected)) {
                throw new IllegalStateException("The JDK's Ed25519 generator did not take the key's seed");
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK has no Ed25519 (needs Java 15 or later): " + e.getMessage(), e);
        }
    }

    /** A SecureRandom that yields exactly one seed: the JDK's Ed25519 generator reads its private key from it. */
    private static final class SeedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedBytes(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("Ed25519 seed requested twice or with " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            used = true;
        }
    }
}
