package dev.kubeaudit.agent.integrity;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * RFC 6962 §2.1 Merkle tree hashes over SHA-256: leaf {@code H(0x00 ‖ d)}, node
 * {@code H(0x01 ‖ left ‖ right)}, the empty tree {@code H("")}; a tree of n &gt; 1 leaves splits at
 * the largest power of two below n, with no padding. Inclusion proofs are built as in RFC 6962
 * §2.1.1 and checked as in RFC 9162 §2.1.3.2. Works on leaf hashes, so callers hash each leaf once.
 * Stateless; thread-safe.
 */
public final class MerkleTree {
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private MerkleTree() {
    }

    /** The root of the empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return Digests.sha256(new byte[0]);
    }

    public static byte[] leafHash(byte[] data) {
        return leafHash(Digests.sha256(), data, 0, data.length);
    }

    /**
     * The leaf hash of {@code data[offset, offset+length)}, using {@code digest}, which must be new
     * or just digested (a digest resets itself; resetting it again per leaf costs measurably).
     */
    public static byte[] leafHash(MessageDigest digest, byte[] data, int offset, int length) {
        digest.update(LEAF);
        digest.update(data, offset, length);
        return digest.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return nodeHash(Digests.sha256(), left, right);
    }

    static byte[] nodeHash(MessageDigest digest, byte[] left, byte[] right) {
        digest.update(NODE);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** The root over {@code leafHashes} (already leaf-hashed), in order. */
    public static byte[] root(List<byte[]> leafHashes) {
        return root(leafHashes, 0, leafHashes.size());
    }

    /** The root over the first {@code size} leaves. */
    public static byte[] root(List<byte[]> leafHashes, int size) {
        return root(leafHashes, 0, size);
    }

    private static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return emptyRoot();
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = splitPoint(n);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** The audit path of leaf {@code index} in the tree of the first {@code size} leaves (RFC 6962 PATH). */
    public static List<byte[]> inclusionPath(List<byte[]> leafHashes, int index, int size) {
        if (index < 0 || index >= size || size > leafHashes.size()) {
            throw new IllegalArgumentException("index: " + index + " of size " + size + " (expected: 0 <= index < size <= "
                    + leafHashes.size() + ")");
        }
        List<byte[]> path = new ArrayList<>();
        path(leafHashes, index, 0, size, path);
        return path;
    }

    private static void path(List<byte[]> leaves, int index, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = splitPoint(n);
        if (index - from < k) {
            path(leaves, index, from, from + k, out);
            out.add(root(leaves, from + k, to));
        } else {
            path(leaves, index, from + k, to, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /**
     * The root that {@code path} proves for {@code leafHash} at {@code index} in a tree of
     * {@code size} leaves (RFC 9162 §2.1.3.2); empty when the path cannot belong to such a tree
     * (index out of range, nodes left over or missing).
     */
    public static Optional<byte[]> rootFromInclusion(byte[] leafHash, long index, long size, List<byte[]> path) {
        if (index < 0 || index >= size) {
            return Optional.empty();
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        MessageDigest digest = Digests.sha256();
        for (byte[] p : path) {
            if (sn == 0) {
                return Optional.empty();
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(digest, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(digest, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? Optional.of(r) : Optional.empty();
    }

    /** True when {@code path} proves {@code leafHash} at {@code index} under {@code root} of a tree of {@code size}. */
    public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> path, byte[] root) {
        return rootFromInclusion(leafHash, index, size, path).map(r -> Arrays.equals(r, root)).orElse(false);
    }

    /** The largest power of two below {@code n} (n &gt; 1). */
    static int splitPoint(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
