package dev.kubeaudit.shipper.it;

import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Changed copies of stored records and segments, as someone with write access to the archive (and
 * for some, the agent's private key) would make them. Stateless.
 */
final class Forgery {
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** Signature payloads start with a 4-byte key ID (and a cosignature's then with an 8-byte time): 16 characters. */
    private static final int FIRST_SIGNATURE_CHAR = 16;
    private static final Pattern SEALED_SECOND = Pattern.compile("\"sealed\":\"[^\"]*:[0-5]([0-9])(\\.[0-9]+)?Z\"");

    private Forgery() {
    }

    /**
     * {@code note} with one character of one of its signatures changed to another base64 character:
     * a signature byte (not the key ID, the time or the padding) differs, nothing else.
     */
    static byte[] signatureFlipped(byte[] note, Random random) {
        String text = new String(note, StandardCharsets.UTF_8);
        int blank = text.lastIndexOf("\n\n");
        String[] lines = text.substring(blank + 2).split("\n");
        int line = random.nextInt(lines.length);
        int space = lines[line].lastIndexOf(' ');
        String sig = lines[line].substring(space + 1);
        int at = FIRST_SIGNATURE_CHAR + random.nextInt(sig.length() - 4 - FIRST_SIGNATURE_CHAR);
        int old = BASE64.indexOf(sig.charAt(at));
        char flipped = BASE64.charAt((old + 1 + random.nextInt(BASE64.length() - 1)) % BASE64.length());
        lines[line] = lines[line].substring(0, space + 1) + sig.substring(0, at) + flipped + sig.substring(at + 1);
        return (text.substring(0, blank + 2) + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A record's stored bytes with the last digit of its sealed second changed, the signature kept. */
    static byte[] sealedTimeEdited(byte[] note) {
        String text = new String(note, StandardCharsets.UTF_8);
        Matcher m = SEALED_SECOND.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no sealed time in " + text);
        }
        char digit = text.charAt(m.start(1));
        char other = (char) ('0' + (digit - '0' + 1) % 10);
        return (text.substring(0, m.start(1)) + other + text.substring(m.end(1))).getBytes(StandardCharsets.UTF_8);
    }

    /** The record {@code m} with another prev, sealed by {@code key} (the agent's own: a valid signature). */
    static byte[] withPrev(Manifest m, String prev, SigningKey key) {
        return SealedManifest.seal(new Manifest(m.origin(), m.seq(), prev, m.key(), m.sealed(), m.keyId(),
                m.segmentTime(), m.facts(), m.firstIndex(), m.lastIndex(), m.gap()), key).bytes();
    }

    /** The record {@code m} sealed at {@code sealed} instead, by {@code key} (the agent's own: a valid signature). */
    static byte[] withSealed(Manifest m, Instant sealed, SigningKey key) {
        return SealedManifest.seal(new Manifest(m.origin(), m.seq(), m.prev(), m.key(), sealed, m.keyId(),
                m.segmentTime(), m.facts(), m.firstIndex(), m.lastIndex(), m.gap()), key).bytes();
    }

    /** The record {@code m} unchanged but sealed by {@code key} (its key ID stated). */
    static byte[] resealed(Manifest m, SigningKey key) {
        return SealedManifest.seal(new Manifest(m.origin(), m.seq(), m.prev(), m.key(), m.sealed(),
                key.verifierKey().keyIdHex(), m.segmentTime(), m.facts(), m.firstIndex(), m.lastIndex(), m.gap()),
                key).bytes();
    }

    /** {@code bytes} followed by {@code more}. */
    static byte[] appended(byte[] bytes, byte[] more) {
        byte[] out = Arrays.copyOf(bytes, bytes.length + more.length);
        System.arraycopy(more, 0, out, bytes.length, more.length);
        return out;
    }

    /** One gzip member holding {@code content}: appended to a .gz, decoders read it as more content. */
    static byte[] gzipMember(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code bytes} with the byte at {@code at} changed (xor a non-zero value). */
    static byte[] flipped(byte[] bytes, int at, Random random) {
        byte[] out = bytes.clone();
        out[at] ^= (byte) (1 + random.nextInt(255));
        return out;
    }

    /** {@code n} random bytes. */
    static byte[] random(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
