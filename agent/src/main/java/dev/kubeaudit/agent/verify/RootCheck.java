package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.MerkleFrontier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the roots of trusted checkpoints (and the remembered one) with the roots the chain's
 * records give, all in one pass: the records' leaf hashes go into one {@link MerkleFrontier} and
 * its root is taken at each size a checkpoint has, so 100k checkpoints cost 100k O(log n) roots,
 * not 100k trees. Sizes past the first missing record cannot be computed (that gap is reported as
 * {@code MISSING}); a mismatch at a size covering a record that is not trusted is that record's
 * finding, not a fork. Stateless.
 */
final class RootCheck {
    private RootCheck() {
    }

    static void compare(Chain chain, List<CheckpointEntry> trusted, VerifierState.Entry remembered, Findings findings) {
        Map<Long, List<CheckpointEntry>> bySize = new TreeMap<>();
        trusted.forEach(c -> bySize.computeIfAbsent(c.size(), s -> new ArrayList<>()).add(c));
        Long stateSize = remembered == null ? null : remembered.size();
        List<CheckpointEntry> disagree = new ArrayList<>();
        byte[] firstComputed = null;
        MerkleFrontier tree = new MerkleFrontier();
        boolean allTrusted = true;
        for (long size = 0; ; size++) {
            List<CheckpointEntry> here = bySize.getOrDefault(size, List.of());
            boolean stateHere = stateSize != null && stateSize == size;
            if (allTrusted && (!here.isEmpty() || stateHere)) {
                byte[] root = tree.root();
                for (CheckpointEntry c : here) {
                    if (!Arrays.equals(root, c.checkpoint().root())) {
                        if (disagree.isEmpty()) {
                            firstComputed = root;
                        }
                        disagree.add(c);
                    }
                }
                if (stateHere && !Arrays.equals(root, remembered.root())) {
                    findings.failure(FindingType.FORK, null, "the state file remembers root "
                            + CheckpointCheck.b64(remembered.root()) + " for size " + size + " at " + remembered.time()
                            + "; the records give " + CheckpointCheck.b64(root));
                }
            }
            ChainRecord r = chain.at(size);
            if (r == null) {
                break;
            }
            allTrusted &= r.trusted();
            tree.append(r.leafHash());
        }
        if (!disagree.isEmpty()) {
            CheckpointEntry first = disagree.get(0);
            findings.failure(FindingType.FORK, null, disagree.size() + " checkpoint(s) disagree with the records; the"
                    + " first, size " + first.size() + ", has root " + CheckpointCheck.b64(first.checkpoint().root())
                    + ", the records 0.." + (first.size() - 1) + " give " + CheckpointCheck.b64(firstComputed),
                    disagree.stream().map(CheckpointEntry::key).toArray(String[]::new));
        }
    }
}
