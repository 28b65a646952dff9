package dev.kubeaudit.agent.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses PEM as kubeadm, cert-manager and openssl write it: certificate bundles, and private keys
 * in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY})
 * form, unencrypted. Messages never quote key material. Stateless. Public for the forwarding
 * destinations, which present and trust certificates through this same parsing.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemFiles() {
    }

    /** Every certificate in the bundle, in file order; at least one. */
    public static List<X509Certificate> certificates(byte[] pem) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (Block block : blocks(pem)) {
            if (block.type.equals("CERTIFICATE")) {
                Certificate c = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(block.der));
                out.add((X509Certificate) c);
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no PEM CERTIFICATE block");
        }
        return out;
    }

    /** The one private key of the file (an {@code EC PARAMETERS} block beside it is ignored). */
    public static PrivateKey privateKey(byte[] pem) throws GeneralSecurityException {
        PrivateKey key = null;
        for (Block block : blocks(pem)) {
            PrivateKey k = switch (block.type) {
                case "PRIVATE KEY" -> pkcs8(block.der);
                case "RSA PRIVATE KEY" -> pkcs8(Der.pkcs8(Der.RSA_ALGORITHM, block.der));
                case "EC PRIVATE KEY" -> pkcs8(Der.pkcs8(ecAlgorithm(block.der), block.der));
                case "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException("encrypted private keys are not supported");
                default -> null;
            };
            if (k != null && key != null) {
                throw new GeneralSecurityException("more than one private key");
            }
            key = k == null ? key : k;
        }
        if (key == null) {
            throw new GeneralSecurityException("no PEM PRIVATE KEY block");
        }
        return key;
    }

    private static byte[] ecAlgorithm(byte[] sec1) throws GeneralSecurityException {
        try {
            return Der.tlv(Der.SEQUENCE, Der.concat(Der.EC_PUBLIC_KEY, Der.sec1Curve(sec1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new GeneralSecurityException("malformed EC private key: " + e.getMessage());
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("unreadable private key (expected: RSA, EC or Ed25519)");
    }

    private static List<Block> blocks(byte[] pem) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        List<Block> blocks = new ArrayList<>();
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("bad base64 in a PEM " + m.group(1) + " block");
            }
        }
        return blocks;
    }

    private record Block(String type, byte[] der) {
    }
}
