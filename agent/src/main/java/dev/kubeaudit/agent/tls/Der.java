package dev.kubeaudit.agent.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The few DER operations that turn PKCS#1 and SEC1 private keys into PKCS#8: reading the
 * elements of a SEQUENCE and writing tag-length-value. Stateless.
 */
final class Der {
    static final int SEQUENCE = 0x30;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
    static final byte[] RSA_ALGORITHM = tlv(SEQUENCE, concat(
            new byte[] {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01},
            new byte[] {0x05, 0x00}));
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private Der() {
    }

    /** PKCS#8 PrivateKeyInfo around {@code key} with the given AlgorithmIdentifier. */
    static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return tlv(SEQUENCE, concat(VERSION_0, algorithm, tlv(OCTET_STRING, key)));
    }

    /** The curve OID (whole element) in the [0] parameters of a SEC1 ECPrivateKey. */
    static byte[] sec1Curve(byte[] sec1) {
        int[] outer = header(sec1, 0);
        if ((sec1[0] & 0xFF) != SEQUENCE) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        int at = outer[0];
        int end = outer[0] + outer[1];
        while (at < end) {
            int[] h = header(sec1, at);
            if ((sec1[at] & 0xFF) == 0xA0) {
                int inner = h[0];
                if ((sec1[inner] & 0xFF) != OID) {
                    throw new IllegalArgumentException("EC parameters are not a named curve");
                }
                int[] oid = header(sec1, inner);
                return Arrays.copyOfRange(sec1, inner, oid[0] + oid[1]);
            }
            at = h[0] + h[1];
        }
        throw new IllegalArgumentException("EC private key names no curve");
    }

    /** {content start, content length} of the element at {@code at}. */
    private static int[] header(byte[] b, int at) {
        if (at + 2 > b.length) {
            throw new IllegalArgumentException("truncated DER at byte " + at);
        }
        int len = b[at + 1] & 0xFF;
        int start = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7F;
            if (n == 0 || n > 3 || start + n > b.length) {
                throw new IllegalArgumentException("bad DER length at byte " + at);
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = len << 8 | (b[start + i] & 0xFF);
            }
            start += n;
        }
        if (start + len > b.length) {
            throw new IllegalArgumentException("truncated DER at byte " + at);
        }
        return new int[] {start, len};
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
