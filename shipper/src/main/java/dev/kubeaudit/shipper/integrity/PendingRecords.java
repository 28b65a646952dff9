package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.archive.SegmentKey;
import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.agent.integrity.ChainKeys;
import dev.kubeaudit.agent.integrity.Manifest;
import dev.kubeaudit.agent.integrity.SealedManifest;
import dev.kubeaudit.agent.integrity.SignedNote;
import dev.kubeaudit.shipper.store.ObjectKeys;
import dev.kubeaudit.shipper.store.SegmentDigest;
import dev.kubeaudit.shipper.store.Upload;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The records sealed into the chain and not uploaded yet, one file each in {@code <integrity>/pending/}:
 * {@code <seq, 20 digits>.manifest} holding the record's stored bytes (the signed note), written
 * with {@link DurableFiles#createNew} before the chain state counts the record, and deleted once it
 * is uploaded (a segment's record: once the segment is in the ledger too). Thread-safe (no state
 * besides the folder; one writer per seq).
 */
final class PendingRecords {
    static final String DIRECTORY = "pending";
    private static final Pattern NAME = Pattern.compile("(\\d{20})" + Pattern.quote(ChainKeys.MANIFEST_SUFFIX));

    /** One sealed record waiting for its upload. */
    record Record(long seq, SealedManifest sealed, Path file) {
        Manifest manifest() {
            return sealed.manifest();
        }

        boolean isGap() {
            return manifest().isGap();
        }

        /** The file name of the segment a segment record describes (its key's backup name); empty for a gap. */
        Optional<String> segmentName() {
            String key = manifest().key();
            if (isGap()) {
                return Optional.empty();
            }
            return Optional.of(SegmentKey.parse(key).map(SegmentKey::fileName)
                    .orElse(key.substring(key.lastIndexOf('/') + 1)));
        }

        /** The object key relative to the archive root: the segment's manifest key in {@code keys}, or the gap's own key. */
        String relativeObjectKey(ChainKeys keys) {
            return isGap() ? manifest().key() : keys.manifestKey(manifest().key());
        }

        /** The time Object Lock retention counts from: the segment's time, or when the gap was declared. */
        Instant retentionTime() {
            return isGap() ? manifest().gap().time() : manifest().segmentTime();
        }

        /** The upload of this record's file under its key in the destination {@code keys} describes. */
        Upload upload(ObjectKeys keys, boolean md5) throws IOException {
            return new Upload(keys.withPrefix(relativeObjectKey(keys.chainKeys())), file, SegmentDigest.of(file, md5), retentionTime());
        }
    }

    private final Path dir;

    private PendingRecords(Path dir) {
        this.dir = dir;
    }

    /** Opens {@code dir}, created (0700) if missing. */
    static PendingRecords open(Path dir) throws IOException {
        DurableFiles.createPrivateDirectories(dir);
        return new PendingRecords(dir);
    }

    /**
     * Every pending record, by seq; temp files of interrupted writes are deleted (their record was
     * never counted), a file that is not a sealed manifest stops start-up.
     */
    List<Record> list() throws IOException {
        List<Record> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (DurableFiles.targetOfTemp(file).isPresent()) {
                    Files.deleteIfExists(file);
                    continue;
                }
                records.add(read(file));
            }
        } catch (IOException e) {
            throw new IOException("List of pending chain records in " + dir + " failed: " + e.getMessage(), e);
        }
        records.sort(Comparator.comparingLong(Record::seq));
        return records;
    }

    private static Record read(Path file) throws IOException {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IOException(file + ": not a pending chain record (expected: <seq, 20 digits>"
                    + ChainKeys.MANIFEST_SUFFIX + ")");
        }
        try {
            SealedManifest sealed = SealedManifest.parse(Files.readAllBytes(file));
            long seq = Long.parseLong(m.group(1));
            if (sealed.manifest().seq() != seq) {
                throw new IOException(file + ": holds the record of seq " + sealed.manifest().seq());
            }
            return new Record(seq, sealed, file);
        } catch (SignedNote.NoteFormatException e) {
            throw new IOException(file + ": not a sealed manifest (" + e.getMessage() + ")", e);
        }
    }

    /** Writes the record {@code sealed} durably; fails when a file for its seq exists. */
    Record write(SealedManifest sealed) throws IOException {
        long seq = sealed.manifest().seq();
        Path file = dir.resolve(String.format("%020d", seq) + ChainKeys.MANIFEST_SUFFIX);
        DurableFiles.createNew(file, sealed.bytes());
        return new Record(seq, sealed, file);
    }

    /** Deletes the file of an uploaded record. */
    void delete(Record record) throws IOException {
        try {
            Files.deleteIfExists(record.file());
        } catch (IOException e) {
            throw new IOException("Deletion of uploaded chain record " + record.file() + " failed: " + e, e);
        }
    }

    Path dir() {
        return dir;
    }
}
