package dev.kubeaudit.agent.verify;

/** What a finding is about; docs/verify.md says when each is reported and with which severity. */
public enum FindingType {
    /** Stored bytes differ from the manifest (same length, other hash), or decompressed facts do (--deep). */
    MODIFIED,
    /** A seq with no record, a segment a manifest names that is absent, a node asked for that has no records. */
    MISSING,
    /** A segment's key holds the bytes another manifest describes. */
    REORDERED,
    /** A manifest, checkpoint or segment found at a key other than the one its record gives it. */
    MOVED,
    /** Stored bytes shorter than the manifest says. */
    TRUNCATED,
    /** The manifest's bytes followed by more (trailing bytes, an extra gzip member or zstd frame). */
    APPENDED,
    /** An object under the node's prefix that no record names and that is no manifest or checkpoint. */
    INJECTED,
    /** A record whose prev is not the hash of the record before it. */
    CHAIN_BREAK,
    /** A known key's signature fails, or a manifest or checkpoint does not parse. */
    BAD_SIGNATURE,
    /** Signed by no given key, or by one outside its validity window. */
    UNKNOWN_KEY,
    /** The newest valid checkpoint is older than allowed; or (warning) records that no checkpoint covers yet. */
    STALE_TAIL,
    /** A checkpoint older or smaller than one seen before (the state file, or an earlier checkpoint). */
    ROLLBACK,
    /** Two different trees for one node: checkpoints of one size with different roots, a root the records do not give, two records of one seq. */
    FORK,
    /** A checkpoint dated after now plus the allowed clock skew: not used for freshness. */
    CLOCK_SKEW,
    /** A gap the agent declared (its record), or a segment it declared deleted before shipping. */
    DECLARED_GAP,
    /** An object or listing the store did not serve. */
    UNREADABLE,
    /** Object Lock retention missing, too short or weaker than --expect-retention, or not knowable. */
    RETENTION,
    /** A delete marker: the key was deleted in a versioned bucket. */
    DELETE_MARKER,
    /** More than one version of a key: it was overwritten. */
    EXTRA_VERSION,
    /** Retention expected and versioning on, yet no version reports any lock: the store may ignore Object Lock. */
    LOCK_IGNORED
}
