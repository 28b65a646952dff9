package dev.kubeaudit.shipper.testing;

import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server implementation running on 127.0.0.1 for tests (plain HTTP, path-style), with
 * bucket {@link S3Server#BUCKET} and the credentials {@link S3Server#ACCESS_KEY} /
 * {@link S3Server#SECRET_KEY}, which the test JVM's default credential chain also has.
 */
public interface S3Implementation extends AutoCloseable {

    /** Its name, for test reports. */
    String name();

    URI endpoint();

    /** A plain client with the server's credentials. */
    S3Client client();

    /** The object's bytes, downloaded with the plain client. */
    default byte[] bytes(String key) {
        return client().getObjectAsBytes(b -> b.bucket(S3Server.BUCKET).key(key)).asByteArray();
    }
}
