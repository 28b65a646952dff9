package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.SignedNote.Verdict;
import dev.kubeaudit.agent.integrity.VerifierKey;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The keys a verifier trusts, each for its window: a record or checkpoint must be signed by a key
 * valid at its own time (sealed time, checkpoint time), so an archive signed by one key and then
 * another verifies clean with both given. Immutable; thread-safe.
 */
final class KeyRing {

    /** How a signed object stands against the ring. */
    enum Trust {
        /** Signed by a key valid at its time. */
        VERIFIED,
        /** A given key's signature fails. */
        BAD_SIGNATURE,
        /** Signed by no given key. */
        UNKNOWN_KEY,
        /** Signed only by given keys whose windows do not hold its time. */
        OUTSIDE_WINDOW
    }

    private final List<TrustedKey> keys;

    KeyRing(List<TrustedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Checks an object dated {@code at}; {@code verify} checks its signatures against a list of keys. */
    Trust check(Instant at, Function<List<VerifierKey>, Verdict> verify) {
        List<VerifierKey> valid = keys.stream().filter(k -> k.validAt(at)).map(TrustedKey::key).toList();
        Verdict verdict = valid.isEmpty() ? Verdict.UNKNOWN_KEY : verify.apply(valid);
        if (verdict == Verdict.VERIFIED) {
            return Trust.VERIFIED;
        }
        if (verdict == Verdict.BAD_SIGNATURE) {
            return Trust.BAD_SIGNATURE;
        }
        Verdict any = verify.apply(keys.stream().map(TrustedKey::key).toList());
        return switch (any) {
            case VERIFIED -> Trust.OUTSIDE_WINDOW;
            case BAD_SIGNATURE -> Trust.BAD_SIGNATURE;
            case UNKNOWN_KEY -> Trust.UNKNOWN_KEY;
        };
    }

    /** The given keys, for messages. */
    String describe() {
        return String.join(", ", keys.stream().map(TrustedKey::describe).toList());
    }

    /** Reports {@code trust} unless VERIFIED; true when it is. */
    boolean report(Trust trust, Findings findings, Long seq, String what, Instant at, String key) {
        switch (trust) {
            case VERIFIED:
                return true;
            case BAD_SIGNATURE:
                findings.failure(FindingType.BAD_SIGNATURE, seq, what + ": a signature by a given key does not verify",
                        key);
                return false;
            case OUTSIDE_WINDOW:
                findings.failure(FindingType.UNKNOWN_KEY, seq, what + " dated " + at + " is signed only by keys not"
                        + " valid then (" + describe() + ")", key);
                return false;
            default:
                findings.failure(FindingType.UNKNOWN_KEY, seq, what + " is signed by none of the given keys ("
                        + describe() + ")", key);
                return false;
        }
    }
}
