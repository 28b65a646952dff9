package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SegmentFacts;

/** Manifests changed before they are sealed: what a faulty or hostile signer would produce. */
final class ManifestEdits {
    private ManifestEdits() {
    }

    /** {@code m} claiming {@code delta} more lines than its segment has. */
    static Manifest lines(Manifest m, long delta) {
        SegmentFacts f = m.facts();
        SegmentFacts wrong = new SegmentFacts(f.storedSize(), f.storedSha256(), f.compression(), f.contentSize(),
                f.contentSha256(), f.lines() + delta, f.merkleRoot(), f.firstAuditID(), f.lastAuditID(),
                f.minStageTimestamp(), f.maxStageTimestamp());
        return new Manifest(m.origin(), m.seq(), m.prev(), m.key(), m.sealed(), m.keyId(), m.segmentTime(), wrong,
                m.firstIndex(), m.lastIndex(), m.gap());
    }

    /** {@code m} with another prev. */
    static Manifest prev(Manifest m, String prev) {
        return new Manifest(m.origin(), m.seq(), prev, m.key(), m.sealed(), m.keyId(), m.segmentTime(), m.facts(),
                m.firstIndex(), m.lastIndex(), m.gap());
    }
}
