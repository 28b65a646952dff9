package dev.kubeaudit.agent.integrity;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree (RFC 6962, see {@link MerkleTree}) grown one leaf at a time in O(log n) memory:
 * only the roots of its perfect subtrees are kept, largest first, and the root of the whole tree
 * is their fold from the right. Used where leaves stream past (the lines of a segment, the
 * manifests of a chain) and saved as {@link #hashes()} to resume after a restart.
 * Not thread-safe.
 */
public final class MerkleFrontier {
    private final List<byte[]> subtrees = new ArrayList<>();   // perfect subtree roots, largest first
    private final MessageDigest digest = Digests.sha256();
    private long size;

    public MerkleFrontier() {
    }

    /** Resumes a tree of {@code size} leaves from its saved {@link #hashes()}. */
    public static MerkleFrontier restore(long size, List<byte[]> hashes) {
        if (size < 0 || Long.bitCount(size) != hashes.size()) {
            throw new IllegalArgumentException("frontier of size " + size + " has " + hashes.size()
                    + " hashes (expected: " + Long.bitCount(Math.max(0, size)) + ")");
        }
        MerkleFrontier f = new MerkleFrontier();
        for (byte[] h : hashes) {
            if (h.length != 32) {
                throw new IllegalArgumentException("frontier hash of " + h.length + " bytes (expected: 32)");
            }
            f.subtrees.add(h.clone());
        }
        f.size = size;
        return f;
    }

    /** Adds a leaf by its leaf hash. */
    public void append(byte[] leafHash) {
        byte[] h = leafHash;
        long n = size;
        // Each trailing one bit of the old size is a perfect subtree the new leaf completes.
        while ((n & 1) == 1) {
            h = MerkleTree.nodeHash(digest, subtrees.remove(subtrees.size() - 1), h);
            n >>= 1;
        }
        subtrees.add(h);
        size++;
    }

    /** Adds a leaf by its data: hashes {@code data[offset, offset+length)} as a leaf first. */
    public void appendData(byte[] data, int offset, int length) {
        append(MerkleTree.leafHash(digest, data, offset, length));
    }

    public long size() {
        return size;
    }

    /** The root of the tree so far. */
    public byte[] root() {
        if (subtrees.isEmpty()) {
            return MerkleTree.emptyRoot();
        }
        byte[] r = subtrees.get(subtrees.size() - 1);
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            r = MerkleTree.nodeHash(digest, subtrees.get(i), r);
        }
        return r;
    }

    /** The perfect subtree roots, largest first: with {@link #size()}, enough to {@link #restore}. */
    public List<byte[]> hashes() {
        List<byte[]> copy = new ArrayList<>(subtrees.size());
        for (byte[] h : subtrees) {
            copy.add(h.clone());
        }
        return copy;
    }
}
