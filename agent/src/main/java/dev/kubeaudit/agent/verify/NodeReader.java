package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SignedCheckpoint;
import dev.kubeaudit.agent.integrity.SignedNote;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Objects;

/**
 * Reads a node's manifests and checkpoints, many at once, and checks each on its own: that it
 * parses, is of this node, and is signed by a key trusted at its time. What fails is a finding;
 * what parses is returned, trusted or not (its bytes still link the chain). Thread-safe.
 */
final class NodeReader {
    /** No manifest or checkpoint is near this size: a larger object is not one. */
    static final int MAX_BYTES = 1 << 20;

    private final Archive archive;
    private final KeyRing ring;
    private final ReadPool pool;

    NodeReader(Archive archive, KeyRing ring, ReadPool pool) {
        this.archive = archive;
        this.ring = ring;
        this.pool = pool;
    }

    /** The records the node's manifests hold, in listing order. */
    List<ChainRecord> records(NodeObjects objects, Findings findings) throws InterruptedException {
        return pool.map(objects.manifests(), o -> record(objects.keys(), o, findings)).stream()
                .filter(Objects::nonNull).toList();
    }

    /** The node's checkpoints that parse and are of this node, in listing order. */
    List<CheckpointEntry> checkpoints(NodeObjects objects, Findings findings) throws InterruptedException {
        return pool.map(objects.checkpoints(), o -> checkpoint(objects.keys(), o, findings)).stream()
                .filter(Objects::nonNull).toList();
    }

    private ChainRecord record(ChainKeys keys, ArchiveObject object, Findings findings) {
        byte[] bytes = read(object, "manifest", findings);
        if (bytes == null) {
            return null;
        }
        SealedManifest sealed;
        try {
            sealed = SealedManifest.parse(bytes);
        } catch (SignedNote.NoteFormatException e) {
            findings.failure(FindingType.BAD_SIGNATURE, null, "manifest does not parse: " + e.getMessage(), object.key());
            return null;
        }
        Manifest m = sealed.manifest();
        if (!m.origin().equals(keys.origin())) {
            findings.failure(FindingType.MOVED, m.seq(), "a record of '" + m.origin() + "' lies under the prefix of '"
                    + keys.origin() + "'", object.key());
            return null;
        }
        KeyRing.Trust trust = ring.check(m.sealed(), sealed::verify);
        boolean trusted = ring.report(trust, findings, m.seq(), "record " + m.seq(), m.sealed(), object.key());
        return new ChainRecord(object.key(), m, sealed.sha256Hex(), sealed.leafHash(), trusted);
    }

    private CheckpointEntry checkpoint(ChainKeys keys, ArchiveObject object, Findings findings) {
        byte[] bytes = read(object, "checkpoint", findings);
        if (bytes == null) {
            return null;
        }
        SignedCheckpoint c;
        try {
            c = SignedCheckpoint.parse(bytes);
        } catch (SignedNote.NoteFormatException e) {
            findings.failure(FindingType.BAD_SIGNATURE, null, "checkpoint does not parse: " + e.getMessage(),
                    object.key());
            return null;
        }
        if (!c.origin().equals(keys.origin())) {
            findings.failure(FindingType.MOVED, null, "a checkpoint of '" + c.origin() + "' lies under the prefix of '"
                    + keys.origin() + "'", object.key());
            return null;
        }
        if (!object.key().endsWith("-" + c.size() + ChainKeys.CHECKPOINT_SUFFIX)) {
            findings.failure(FindingType.MOVED, null, "checkpoint of size " + c.size() + " at a key naming another"
                    + " size", object.key());
        }
        KeyRing.Trust trust = ring.check(c.time(), c::verify);
        boolean trusted = ring.report(trust, findings, null, "checkpoint of size " + c.size(), c.time(), object.key());
        return new CheckpointEntry(object.key(), c, trusted);
    }

    private byte[] read(ArchiveObject object, String what, Findings findings) {
        if (object.size() > MAX_BYTES) {
            findings.failure(FindingType.BAD_SIGNATURE, null, what + " of " + object.size() + " bytes (expected: at most "
                    + MAX_BYTES + "): not one", object.key());
            return null;
        }
        try {
            return archive.readSmall(object.key(), MAX_BYTES);
        } catch (NoSuchFileException e) {
            findings.incomplete(FindingType.UNREADABLE, null, what + " listed but gone when read", object.key());
        } catch (IOException e) {
            findings.incomplete(FindingType.UNREADABLE, null, "read of " + what + " failed: " + e.getMessage(),
                    object.key());
        }
        return null;
    }
}
