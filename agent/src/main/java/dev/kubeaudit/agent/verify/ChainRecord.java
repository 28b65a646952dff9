package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.integrity.Manifest;

/**
 * A record of a node's chain as read from the archive: the object it was read from, what it says,
 * the SHA-256 (hex) and Merkle leaf hash of its stored bytes, and whether a trusted key valid at
 * its sealed time signed it. Immutable (the leaf hash is not copied: never modified).
 */
record ChainRecord(String objectKey, Manifest manifest, String sha256, byte[] leafHash, boolean trusted) {

    long seq() {
        return manifest.seq();
    }

    boolean isGap() {
        return manifest.isGap();
    }
}
