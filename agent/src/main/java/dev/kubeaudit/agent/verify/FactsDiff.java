package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.SegmentFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/** Which of a segment's content facts (compression, size, hash, lines, Merkle root) differ between its manifest and a deep read. Stateless. */
final class FactsDiff {
    private FactsDiff() {
    }

    /** One "field: found X, manifest Y" per field that differs; empty when all agree. */
    static List<String> of(SegmentFacts manifest, SegmentFacts found) {
        List<String> out = new ArrayList<>();
        diff(out, "compression", manifest.compression(), found.compression());
        diff(out, "contentSize", manifest.contentSize(), found.contentSize());
        diff(out, "contentSha256", manifest.contentSha256(), found.contentSha256());
        diff(out, "lines", manifest.lines(), found.lines());
        if (!Arrays.equals(manifest.merkleRoot(), found.merkleRoot())) {
            diff(out, "merkleRoot", b64(manifest.merkleRoot()), b64(found.merkleRoot()));
        }
        return out;
    }

    private static void diff(List<String> out, String field, Object manifest, Object found) {
        if (!Objects.equals(manifest, found)) {
            out.add(field + ": found " + found + ", manifest " + manifest);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
