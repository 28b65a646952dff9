package dev.kubeaudit.shipper.store;

import dev.kubeaudit.agent.config.AgentConfig;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * {@code ship.destination} parsed: {@code file:<dir>} (key prefix empty) or
 * {@code s3://<bucket>[/<prefix>]}. Pure apart from {@link #open}. Immutable.
 */
public record Destination(String scheme, String location, String prefix) {

    /** Parses a destination the configuration loader has already validated. */
    public static Destination parse(String destination) {
        if (destination.startsWith("file:")) {
            return new Destination("file", destination.substring("file:".length()), "");
        }
        if (destination.startsWith("s3://")) {
            String rest = destination.substring("s3://".length());
            int slash = rest.indexOf('/');
            return slash < 0 ? new Destination("s3", rest, "")
                    : new Destination("s3", rest.substring(0, slash), rest.substring(slash + 1));
        }
        throw new IllegalArgumentException("destination: '" + destination
                + "' (expected: file:<dir> or s3://<bucket>[/<prefix>])");
    }

    /** The store this destination names; S3 credentials from {@code credentials}. */
    public ObjectStore open(AgentConfig.Ship ship, AwsCredentialsProvider credentials) {
        return scheme.equals("file") ? new FileStore(Path.of(location))
                : new S3Store(S3Settings.of(ship, location), credentials);
    }
}
