package dev.kubeaudit.agent.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 test vectors of the certificate-transparency reference implementation
 * (google/certificate-transparency, Apache License 2.0: merkle tree test leaves, roots of sizes
 * 0..8 and audit paths), and agreement between the recursive tree, the frontier and the proofs.
 */
class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static List<byte[]> leafHashes() {
        List<byte[]> leaves = new ArrayList<>();
        for (String l : LEAVES) {
            leaves.add(MerkleTree.leafHash(HEX.parseHex(l)));
        }
        return leaves;
    }

    @Test
    void rootsOfTheReferenceVectors() {
        List<byte[]> leaves = leafHashes();
        MerkleFrontier frontier = new MerkleFrontier();
        for (int size = 0; size <= 8; size++) {
            assertThat(HEX.formatHex(MerkleTree.root(leaves, size))).as("root of %d", size).isEqualTo(ROOTS[size]);
            assertThat(HEX.formatHex(frontier.root())).as("frontier root of %d", size).isEqualTo(ROOTS[size]);
            if (size < 8) {
                frontier.append(leaves.get(size));
            }
        }
    }

    @Test
    void auditPathsOfTheReferenceVectors() {
        List<byte[]> leaves = leafHashes();
        assertThat(MerkleTree.inclusionPath(leaves, 0, 8)).extracting(HEX::formatHex).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(MerkleTree.inclusionPath(leaves, 5, 8)).extracting(HEX::formatHex).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    }

    @Test
    void everyPathOfEveryTreeUpTo70LeavesVerifiesAndNoOtherDoes() {
        List<byte[]> leaves = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 70; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            leaves.add(MerkleTree.leafHash(data));
        }
        MerkleFrontier frontier = new MerkleFrontier();
        for (int size = 1; size <= leaves.size(); size++) {
            frontier.append(leaves.get(size - 1));
            byte[] root = MerkleTree.root(leaves, size);
            assertThat(frontier.root()).isEqualTo(root);
            MerkleFrontier resumed = MerkleFrontier.restore(frontier.size(), frontier.hashes());
            assertThat(resumed.root()).isEqualTo(root);
            for (int i = 0; i < size; i++) {
                List<byte[]> path = MerkleTree.inclusionPath(leaves, i, size);
                assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, size, path, root)).isTrue();
                int other = (i + 1) % size;
                if (other != i && !java.util.Arrays.equals(leaves.get(other), leaves.get(i))) {
                    assertThat(MerkleTree.verifyInclusion(leaves.get(other), i, size, path, root)).isFalse();
                }
                if (size > 1) {
                    assertThat(MerkleTree.verifyInclusion(leaves.get(i), other, size, path, root)).isFalse();
                }
                if (!path.isEmpty()) {
                    assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, size, path.subList(0, path.size() - 1),
                            root)).isFalse();
                }
            }
        }
    }

    @Test
    void anIndexOutsideTheTreeProvesNothing() {
        List<byte[]> leaves = leafHashes();
        byte[] root = MerkleTree.root(leaves, 4);
        assertThat(MerkleTree.rootFromInclusion(leaves.get(0), 4, 4, List.of())).isEmpty();
        assertThat(MerkleTree.rootFromInclusion(leaves.get(0), -1, 4, List.of())).isEmpty();
        assertThat(MerkleTree.verifyInclusion(leaves.get(0), 0, 1, List.of(), leaves.get(0))).isTrue();
        assertThat(MerkleTree.verifyInclusion(leaves.get(0), 0, 1, List.of(root), root)).isFalse();
    }
}
