package dev.kubeaudit.shipper.archive;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How a failed S3 request of an archive is told: by status and error code, never by message text. Pure. */
final class S3Failures {
    private S3Failures() {
    }

    /** The error code of an S3 answer, or null (a HEAD answer has no body). */
    static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** "403 AccessDenied", as a reason in reports. */
    static String status(S3Exception e) {
        String code = code(e);
        return e.statusCode() + (code == null ? "" : " " + code);
    }

    /** True when the store answered that {@code e}'s object does not exist (404, and not a missing bucket). */
    static boolean absent(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404 && !"NoSuchBucket".equals(code(s3));
    }

    /** True when the store does not implement the request (501 or NotImplemented). */
    static boolean notImplemented(SdkException e) {
        return e instanceof S3Exception s3 && (s3.statusCode() == 501 || "NotImplemented".equals(code(s3)));
    }

    /** The error for {@code operation} of {@code what} in {@code location} that failed with {@code e}. */
    static IOException failed(String operation, String what, S3Location location, SdkException e) {
        if (absent(e)) {
            return new NoSuchFileException(what, null, operation + " in " + location + ": no such object");
        }
        String said = e instanceof S3Exception s3 ? status(s3) + ": " + (s3.awsErrorDetails() == null
                ? s3.getMessage() : s3.awsErrorDetails().errorMessage()) : String.valueOf(e.getMessage());
        return new IOException(operation + " of '" + what + "' in " + location + " failed: " + said, e);
    }
}
