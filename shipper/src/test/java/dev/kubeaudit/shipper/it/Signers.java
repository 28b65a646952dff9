package dev.kubeaudit.shipper.it;

import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.verify.TrustedKey;
import java.time.Instant;
import java.util.List;

/**
 * The keys that signed an archive, each with the node it signed for and the window it was used in
 * ({@code from} inclusive, {@code to} exclusive; null: open): what a forger holding the agents'
 * private keys signs with, and what a verifier trusts. Immutable.
 */
record Signers(List<Signer> signers) {

    /** One node's key for a window. */
    record Signer(String node, SigningKey key, Instant from, Instant to) {
        boolean signs(String n, Instant t) {
            return node.equals(n) && (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
        }

        TrustedKey trusted() {
            return new TrustedKey(key.verifierKey(), from, to);
        }
    }

    Signers {
        signers = List.copyOf(signers);
    }

    /** The key {@code node} signed with at {@code time}. */
    SigningKey at(String node, Instant time) {
        return signers.stream().filter(s -> s.signs(node, time)).findFirst().map(Signer::key)
                .orElseThrow(() -> new IllegalArgumentException("no key of " + node + " at " + time));
    }

    /** Every key, each trusted for its window. */
    List<TrustedKey> trusted() {
        return signers.stream().map(Signer::trusted).toList();
    }
}
