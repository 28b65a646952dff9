package dev.kubeaudit.shipper.store;

/**
 * What the store answered for one upload: the key, the stored size and SHA-256 (hex) of the
 * bytes, the store's ETag and version id (null when it has none), and whether the object was
 * already there (a re-upload answered 412 and confirmed by size and checksum).
 */
public record Receipt(String key, long size, String sha256Hex, String etag, String versionId, boolean alreadyStored) {
}
