package dev.kubeaudit.shipper.store;

import dev.kubeaudit.agent.config.AgentConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Confirms that the object under a segment's key holds exactly the segment's bytes: after an
 * upload the store answered with success ({@link #uploaded}: a 2xx alone proves nothing, a store
 * that ignores checksum headers answers it for any bytes), and when an upload was answered 412
 * because the key is taken ({@link #existing}).
 *
 * <p>HeadObject first, checksum mode on: the size must be the segment's, and a SHA-256 checksum
 * (full, or composite {@code -N} of {@link PartPlan}'s parts) or an ETag that is the MD5 of the
 * bytes (single upload) or the multipart ETag of the same parts must match when the store returns
 * one. Where HEAD proves nothing — no checksum, and no ETag that is an MD5 of the bytes (SSE-KMS,
 * SSE-C, another part count, a store's own format) — {@code ship.confirm} decides: {@code auto}
 * reads the object back and hashes it, {@code head} takes the size as enough (logged once);
 * {@code read} reads back every object. A difference is {@link StoreException.Kind#CORRUPTED}
 * after an upload — and again when a retry finds that object at the key (412), as long as this
 * process remembers it — and {@link StoreException.Kind#CONFLICT} for any other object already
 * there; its message gives the store's answer beside what was expected. Nothing is overwritten or
 * deleted. Thread-safe.
 */
final class S3Confirmation {
    private static final Logger LOG = LoggerFactory.getLogger(S3Confirmation.class);
    private static final Pattern MD5_ETAG = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern MULTIPART_ETAG = Pattern.compile("[0-9a-f]{32}-(\\d+)");
    private static final Pattern COMPOSITE = Pattern.compile(".+-(\\d+)");

    private final S3Client client;
    private final S3Settings settings;
    private final AtomicBoolean toldHeadProvesNothing = new AtomicBoolean();
    /** Keys whose upload by this process left other bytes in the store. */
    private final Set<String> corruptedByUpload = ConcurrentHashMap.newKeySet();

    S3Confirmation(S3Client client, S3Settings settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * The receipt of an upload the store answered with success ({@code versionId} from its answer,
     * or null); {@code parts}: the digests of the parts sent (a multipart upload), so that a composite
     * checksum or multipart ETag is checked without reading the file again; empty for a single PUT.
     */
    Receipt uploaded(Upload upload, String versionId, List<SegmentDigest> parts) throws StoreException {
        return confirm(upload, versionId, false, parts);
    }

    /** The receipt of the object already under the key, or CONFLICT when it differs from {@code upload}. */
    Receipt existing(Upload upload) throws StoreException {
        return confirm(upload, null, true, List.of());
    }

    /** True when the object is there: the whole-object check before starting a multipart upload. */
    boolean exists(Upload upload) throws StoreException {
        try {
            head(upload, null);
            return true;
        } catch (StoreException e) {
            Throwable cause = e.getCause();
            if (cause instanceof S3Exception s3 && (s3.statusCode() == 404 && !"NoSuchBucket".equals(code(s3))
                    || s3.statusCode() == 403)) {
                return false; // without s3:ListBucket a missing key answers 403; the upload itself will tell
            }
            throw e;
        }
    }

    private Receipt confirm(Upload upload, String versionId, boolean existing, List<SegmentDigest> sent)
            throws StoreException {
        HeadObjectResponse head = head(upload, versionId);
        long size = head.contentLength() == null ? -1 : head.contentLength();
        String etag = S3Store.unquote(head.eTag());
        String answer = "size " + size + ", sha256 " + orNone(head.checksumSHA256()) + ", ETag " + orNone(etag);
        if (size != upload.digest().size()) {
            throw differs(upload, existing, "size " + size + " (expected: " + upload.digest().size() + ")", answer);
        }
        Proof proof;
        try {
            proof = proof(upload, head, etag, sent);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.LOCAL, "Checksum of " + upload.file() + " failed: " + e, e);
        }
        if (proof.difference() != null) {
            throw differs(upload, existing, proof.difference(), answer);
        }
        AgentConfig.Confirm mode = settings.confirm();
        if (!proof.proven()) {
            tellHeadProvesNothing(mode);
        }
        if (mode == AgentConfig.Confirm.READ || mode == AgentConfig.Confirm.AUTO && !proof.proven()) {
            readBack(upload, versionId, existing, answer);
        }
        corruptedByUpload.remove(upload.key());
        return new Receipt(upload.key(), size, upload.digest().sha256Hex(), etag,
                versionId != null ? versionId : head.versionId(), existing);
    }

    /** What HEAD proves of the content; file reads only for the MD5 and part digests it needs. */
    private Proof proof(Upload upload, HeadObjectResponse head, String etag, List<SegmentDigest> sent)
            throws IOException {
        String sha256 = orNull(head.checksumSHA256());
        if (sha256 != null) {
            Matcher composite = COMPOSITE.matcher(sha256);
            if (!composite.matches()) {
                return Proof.compare("sha256", sha256, upload.digest().sha256Base64());
            }
            if (Integer.parseInt(composite.group(1)) == plan(upload).count()) {
                return Proof.compare("composite sha256", sha256, composite(upload, sent));
            }
        }
        if (etag == null || etagIsNoDigest(head)) {
            return Proof.NOTHING;
        }
        if (MD5_ETAG.matcher(etag).matches()) {
            String md5 = upload.digest().md5() != null ? upload.digest().md5Hex()
                    : SegmentDigest.of(upload.file(), true).md5Hex();
            return Proof.compare("ETag", etag, md5);
        }
        Matcher multipart = MULTIPART_ETAG.matcher(etag);
        if (multipart.matches() && Integer.parseInt(multipart.group(1)) == plan(upload).count()) {
            return Proof.compare("multipart ETag", etag, multipartEtag(upload, sent));
        }
        return Proof.NOTHING;
    }

    /** With SSE-KMS or SSE-C the ETag is not an MD5 of the bytes. */
    private static boolean etagIsNoDigest(HeadObjectResponse head) {
        ServerSideEncryption sse = head.serverSideEncryption();
        return head.sseCustomerAlgorithm() != null || sse != null && sse != ServerSideEncryption.AES256;
    }

    private void readBack(Upload upload, String versionId, boolean existing, String answer) throws StoreException {
        SegmentDigest stored;
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket(settings.bucket())
                .key(upload.key()).versionId(versionId))) {
            stored = SegmentDigest.of(in, false);
        } catch (SdkException e) {
            throw S3Store.failure("GetObject", upload, e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "GetObject of '" + upload.key()
                    + "' failed while reading it back: " + e, e);
        }
        if (stored.size() != upload.digest().size() || !Arrays.equals(stored.sha256(), upload.digest().sha256())) {
            throw differs(upload, existing, "read back " + stored.size() + " bytes, sha256 " + stored.sha256Hex()
                    + " (expected: " + upload.digest().size() + " bytes, sha256 " + upload.digest().sha256Hex() + ")",
                    answer);
        }
    }

    private HeadObjectResponse head(Upload upload, String versionId) throws StoreException {
        try {
            return client.headObject(b -> b.bucket(settings.bucket()).key(upload.key()).versionId(versionId)
                    .checksumMode(ChecksumMode.ENABLED));
        } catch (SdkException e) {
            throw S3Store.failure("HeadObject", upload, e);
        }
    }

    private void tellHeadProvesNothing(AgentConfig.Confirm mode) {
        if (mode != AgentConfig.Confirm.READ && toldHeadProvesNothing.compareAndSet(false, true)) {
            if (mode == AgentConfig.Confirm.HEAD) {
                LOG.warn("Uploads to '{}' are confirmed by their size alone: its HeadObject answers carry neither a"
                        + " SHA-256 checksum nor an MD5 ETag (ship.confirm: head)", describe());
            } else {
                LOG.info("Uploads to '{}' are confirmed by reading them back: its HeadObject answers carry neither a"
                        + " SHA-256 checksum nor an MD5 ETag (ship.confirm: auto)", describe());
            }
        }
    }

    private StoreException differs(Upload upload, boolean existing, String difference, String answer) {
        String where = "Object '" + upload.key() + "' in " + describe();
        String found = difference + "; the store answered " + answer;
        if (!existing) {
            corruptedByUpload.add(upload.key());
            return new StoreException(StoreException.Kind.CORRUPTED, where + " does not hold the bytes uploaded,"
                    + " though the store answered with success: " + found + "; the segment stays pending");
        }
        if (corruptedByUpload.contains(upload.key())) {
            return new StoreException(StoreException.Kind.CORRUPTED, where + " still holds the other bytes the store"
                    + " kept at an earlier upload: " + found + "; it is never overwritten, the segment stays pending");
        }
        return new StoreException(StoreException.Kind.CONFLICT, where + " already exists with other content: " + found
                + "; it is never overwritten");
    }

    private String describe() {
        return "s3://" + settings.bucket();
    }

    private PartPlan plan(Upload upload) {
        return PartPlan.of(upload.digest().size(), settings.multipartThreshold());
    }

    /** The composite SHA-256 ({@code base64-N}) of the upload's parts. */
    private String composite(Upload upload, List<SegmentDigest> sent) throws IOException {
        MessageDigest whole = SegmentDigest.digest("SHA-256");
        for (SegmentDigest part : parts(upload, false, sent)) {
            whole.update(part.sha256());
        }
        return Base64.getEncoder().encodeToString(whole.digest()) + "-" + plan(upload).count();
    }

    private String multipartEtag(Upload upload, List<SegmentDigest> sent) throws IOException {
        MessageDigest whole = SegmentDigest.digest("MD5");
        for (SegmentDigest part : parts(upload, true, sent)) {
            whole.update(part.md5());
        }
        return HexFormat.of().formatHex(whole.digest()) + "-" + plan(upload).count();
    }

    /** The parts' digests: those of the parts sent when they have what is needed, else read from the file. */
    private List<SegmentDigest> parts(Upload upload, boolean withMd5, List<SegmentDigest> sent) throws IOException {
        PartPlan plan = plan(upload);
        if (sent.size() == plan.count() && (!withMd5 || sent.stream().allMatch(p -> p.md5() != null))) {
            return sent;
        }
        List<SegmentDigest> parts = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(upload.file(), StandardOpenOption.READ)) {
            for (int i = 0; i < plan.count(); i++) {
                parts.add(SegmentDigest.of(channel, plan.offset(i), plan.length(i), withMd5, upload.file()));
            }
        }
        return parts;
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String orNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "(none)" : value;
    }

    /** What HEAD proved: the content ({@code proven}), a difference (its description), or nothing. */
    private record Proof(boolean proven, String difference) {
        static final Proof NOTHING = new Proof(false, null);

        static Proof compare(String what, String answered, String expected) {
            return answered.equals(expected) ? new Proof(true, null)
                    : new Proof(false, what + " " + answered + " (expected: " + expected + ")");
        }
    }
}
