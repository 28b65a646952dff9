package dev.kubeaudit.agent.tls;

import dev.kubeaudit.agent.ingest.WebhookAccess.Decision;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Decides on a client certificate chain: PKIX-valid against the client CAs at the given instant
 * (no revocation check), usable for client authentication (extended key usage clientAuth when the
 * extension is present), and, when names are listed, with a subject CN or DNS SAN among them
 * (exact, DNS names case-insensitive). Thread-safe (immutable).
 */
final class ClientCertificates {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";
    private static final int DNS_NAME = 2;

    private final Set<TrustAnchor> anchors = new HashSet<>();
    private final List<X509Certificate> authorities;
    private final List<String> allowedNames;

    ClientCertificates(List<X509Certificate> authorities, List<String> allowedNames) {
        this.authorities = List.copyOf(authorities);
        this.allowedNames = List.copyOf(allowedNames);
        for (X509Certificate ca : authorities) {
            anchors.add(new TrustAnchor(ca, null));
        }
    }

    List<X509Certificate> authorities() {
        return authorities;
    }

    Decision check(List<X509Certificate> chain, Instant now) {
        if (chain.isEmpty()) {
            return Decision.unauthorized("client_certificate_missing", null);
        }
        String invalid = invalidChain(chain, now);
        if (invalid != null) {
            return Decision.unauthorized(invalid, null);
        }
        if (!allowedNames.isEmpty() && !allowedName(chain.get(0))) {
            return Decision.forbidden("client_name_not_allowed");
        }
        return Decision.ALLOW;
    }

    /** Why the chain does not verify, as a metric label, or null when it does. */
    private String invalidChain(List<X509Certificate> chain, Instant now) {
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && authorities.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1); // the anchor itself is not part of the path
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            return e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID
                    ? "client_certificate_expired" : "client_certificate_untrusted";
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("client CA set is empty", e);
        } catch (GeneralSecurityException e) {
            return "client_certificate_untrusted";
        }
        return clientUsage(chain.get(0)) ? null : "client_certificate_usage";
    }

    private static boolean clientUsage(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private boolean allowedName(X509Certificate leaf) {
        String cn = commonName(leaf);
        if (cn != null && allowedNames.contains(cn)) {
            return true;
        }
        for (String dns : dnsNames(leaf)) {
            for (String allowed : allowedNames) {
                if (allowed.equalsIgnoreCase(dns)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> dnsNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (san.size() == 2 && Integer.valueOf(DNS_NAME).equals(san.get(0)) && san.get(1) instanceof String dns) {
                        names.add(dns);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SANs: the CN alone counts
        }
        return names;
    }

    /** The subject's (last) CN, or null. */
    static String commonName(X509Certificate cert) {
        try {
            String cn = null;
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
