package dev.kubeaudit.shipper.store;

import dev.kubeaudit.agent.config.AgentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * A multipart upload of one segment above the multipart threshold, parts by {@link PartPlan}: each
 * part is a plain signed payload whose {@code x-amz-content-sha256} is the part's own SHA-256, and
 * carries that SHA-256 (or its MD5) for stores that check it; the completion carries
 * {@code If-None-Match: *}, and the completed object is confirmed like every upload
 * ({@link S3Confirmation}: size, composite checksum or multipart ETag, else read back). Any failure
 * before completion aborts the upload, so no orphaned parts are left behind. Thread-safe.
 */
final class S3Multipart {
    private static final Logger LOG = LoggerFactory.getLogger(S3Multipart.class);

    private final S3Client client;
    private final S3Settings settings;
    private final S3Confirmation confirmation;

    S3Multipart(S3Client client, S3Settings settings, S3Confirmation confirmation) {
        this.client = client;
        this.settings = settings;
        this.confirmation = confirmation;
    }

    Receipt put(Upload upload) throws StoreException {
        if (confirmation.exists(upload)) {
            return confirmation.existing(upload);
        }
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(create(upload)).uploadId();
        } catch (SdkException e) {
            throw S3Store.failure("CreateMultipartUpload", upload, e);
        }
        CompleteMultipartUploadResponse done;
        List<SegmentDigest> digests = new ArrayList<>();
        boolean completed = false;
        try {
            PartPlan plan = PartPlan.of(upload.digest().size(), settings.multipartThreshold());
            List<CompletedPart> parts = new ArrayList<>();
            try (FileChannel channel = FileChannel.open(upload.file(), StandardOpenOption.READ)) {
                for (int i = 0; i < plan.count(); i++) {
                    SegmentDigest part = SegmentDigest.of(channel, plan.offset(i), plan.length(i),
                            settings.checksum() == AgentConfig.Checksum.MD5, upload.file());
                    digests.add(part);
                    parts.add(uploadPart(upload, uploadId, i, plan, part));
                }
            }
            done = complete(upload, uploadId, parts);
            completed = true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                abort(upload, uploadId);
                completed = true;
                return confirmation.existing(upload);
            }
            throw S3Store.failure("Multipart upload", upload, e);
        } catch (SdkException | UncheckedIOException e) {
            throw S3Store.failure("Multipart upload", upload, e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.LOCAL, "Read of " + upload.file() + " failed: " + e, e);
        } finally {
            if (!completed) {
                abort(upload, uploadId);
            }
        }
        return confirmation.uploaded(upload, done.versionId(), digests);
    }

    private CreateMultipartUploadRequest create(Upload upload) {
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
                .bucket(settings.bucket()).key(upload.key());
        if (settings.checksum() == AgentConfig.Checksum.SHA256) {
            request.checksumAlgorithm(ChecksumAlgorithm.SHA256);
        }
        if (settings.storageClass() != null) {
            request.storageClass(settings.storageClass());
        }
        if (settings.sseKmsKeyId() != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.sseKmsKeyId());
        }
        if (settings.lockMode() != null) {
            request.objectLockMode(ObjectLockMode.fromValue(settings.lockMode()))
                    .objectLockRetainUntilDate(settings.retainUntil(upload.segmentTime()));
        }
        return request.build();
    }

    private CompletedPart uploadPart(Upload upload, String uploadId, int index, PartPlan plan, SegmentDigest part) {
        int number = index + 1;
        UploadPartRequest.Builder request = UploadPartRequest.builder().bucket(settings.bucket()).key(upload.key())
                .uploadId(uploadId).partNumber(number).contentLength(part.size())
                .overrideConfiguration(PlainSignedPayloads.expecting(part.sha256Hex()));
        CompletedPart.Builder completed = CompletedPart.builder().partNumber(number);
        if (settings.checksum() == AgentConfig.Checksum.SHA256) {
            request.checksumSHA256(part.sha256Base64());
            completed.checksumSHA256(part.sha256Base64());
        } else if (settings.checksum() == AgentConfig.Checksum.MD5) {
            request.contentMD5(part.md5Base64());
        }
        long offset = plan.offset(index);
        RequestBody body = RequestBody.fromContentProvider(() -> range(upload, offset, part.size()), part.size(),
                "application/octet-stream");
        return completed.eTag(client.uploadPart(request.build(), body).eTag()).build();
    }

    private CompleteMultipartUploadResponse complete(Upload upload, String uploadId, List<CompletedPart> parts) {
        return client.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(upload.key()).uploadId(uploadId)
                .ifNoneMatch("*").multipartUpload(m -> m.parts(parts)));
    }

    private void abort(Upload upload, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(upload.key()).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warn("Abort of multipart upload of '{}' failed (the bucket's lifecycle rule for incomplete uploads"
                    + " removes its parts): {}", upload.key(), e.toString());
        }
    }

    private static InputStream range(Upload upload, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(upload.file(), StandardOpenOption.READ).position(offset);
            InputStream in = Channels.newInputStream(channel);
            return new InputStream() {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = in.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = in.read(buffer, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Read of " + upload.file() + " at " + offset + " failed", e);
        }
    }
}
