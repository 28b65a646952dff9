package dev.kubeaudit.shipper.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Confirms that an object already stored under a segment's key (an upload answered 412) holds
 * the segment's bytes: same size, and the stored SHA-256 (full or composite {@code -N}) when the
 * store keeps checksums, else the ETag when it is an MD5 (single PUT) or a multipart ETag of
 * {@link PartPlan}'s parts. A store that offers neither is trusted on the size alone (logged).
 * A mismatch is a {@link StoreException.Kind#CONFLICT}: nothing is ever overwritten. Thread-safe.
 */
final class S3Confirmation {
    private static final Logger LOG = LoggerFactory.getLogger(S3Confirmation.class);
    private static final Pattern MD5_ETAG = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern MULTIPART_ETAG = Pattern.compile("[0-9a-f]{32}-\\d+");

    private final S3Client client;
    private final S3Settings settings;

    S3Confirmation(S3Client client, S3Settings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** The receipt of the existing object, or CONFLICT when it differs from {@code upload}. */
    Receipt confirm(Upload upload) throws StoreException {
        HeadObjectResponse head;
        try {
            head = S3Store.head(client, settings.bucket(), upload.key());
        } catch (S3Exception e) {
            throw S3Store.failure("HeadObject", upload, e);
        } catch (SdkException e) {
            throw S3Store.failure("HeadObject", upload, e);
        }
        long size = head.contentLength() == null ? -1 : head.contentLength();
        if (size != upload.digest().size()) {
            throw conflict(upload, "size " + size + " (expected: " + upload.digest().size() + ")");
        }
        String etag = S3Store.unquote(head.eTag());
        try {
            checkContent(upload, head.checksumSHA256(), etag);
        } catch (StoreException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.LOCAL, "Checksum of " + upload.file() + " failed: " + e, e);
        }
        return new Receipt(upload.key(), size, upload.digest().sha256Hex(), etag, head.versionId(), true);
    }

    /** True when the object is there: the whole-object check before starting a multipart upload. */
    boolean exists(Upload upload) throws StoreException {
        try {
            S3Store.head(client, settings.bucket(), upload.key());
            return true;
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code) || e.statusCode() == 403) {
                return false; // without s3:ListBucket a missing key answers 403; the upload itself will tell
            }
            throw S3Store.failure("HeadObject", upload, e);
        } catch (SdkException e) {
            throw S3Store.failure("HeadObject", upload, e);
        }
    }

    private void checkContent(Upload upload, String storedSha256, String etag) throws IOException {
        if (storedSha256 != null) {
            String expected = storedSha256.contains("-") ? composite(upload) : upload.digest().sha256Base64();
            if (!storedSha256.equals(expected)) {
                throw conflict(upload, "sha256 " + storedSha256 + " (expected: " + expected + ")");
            }
        } else if (etag != null && MD5_ETAG.matcher(etag).matches()) {
            String md5 = HexFormat.of().formatHex(SegmentDigest.of(upload.file(), true).md5());
            if (!etag.equals(md5)) {
                throw conflict(upload, "ETag " + etag + " (expected: MD5 " + md5 + ")");
            }
        } else if (etag != null && MULTIPART_ETAG.matcher(etag).matches()) {
            String expected = multipartEtag(upload);
            if (!etag.equals(expected)) {
                throw conflict(upload, "ETag " + etag + " (expected: " + expected + ")");
            }
        } else {
            LOG.info("Object '{}' confirmed by its size only: the store returns neither a checksum nor an MD5 ETag",
                    upload.key());
        }
    }

    /** The composite SHA-256 ({@code base64-N}) of the upload's parts. */
    String composite(Upload upload) throws IOException {
        PartPlan plan = PartPlan.of(upload.digest().size(), settings.multipartThreshold());
        MessageDigest whole = SegmentDigest.digest("SHA-256");
        for (SegmentDigest part : parts(upload, plan, false)) {
            whole.update(part.sha256());
        }
        return Base64.getEncoder().encodeToString(whole.digest()) + "-" + plan.count();
    }

    private String multipartEtag(Upload upload) throws IOException {
        PartPlan plan = PartPlan.of(upload.digest().size(), settings.multipartThreshold());
        MessageDigest whole = SegmentDigest.digest("MD5");
        for (SegmentDigest part : parts(upload, plan, true)) {
            whole.update(part.md5());
        }
        return HexFormat.of().formatHex(whole.digest()) + "-" + plan.count();
    }

    private static java.util.List<SegmentDigest> parts(Upload upload, PartPlan plan, boolean withMd5)
            throws IOException {
        java.util.List<SegmentDigest> parts = new java.util.ArrayList<>();
        try (FileChannel channel = FileChannel.open(upload.file(), StandardOpenOption.READ)) {
            for (int i = 0; i < plan.count(); i++) {
                parts.add(SegmentDigest.of(channel, plan.offset(i), plan.length(i), withMd5, upload.file()));
            }
        }
        return parts;
    }

    private StoreException conflict(Upload upload, String found) {
        return new StoreException(StoreException.Kind.CONFLICT, "Object '" + upload.key() + "' in s3://"
                + settings.bucket() + " already exists with other content: " + found + "; it is never overwritten");
    }
}
