package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How an S3 archive is reached, as flags: --endpoint, --region, --path-style; a picocli mixin of
 * every command that reads an archive ({@code verify}, and {@code search} and {@code export} of
 * audit-search.jar). A wrong value throws a {@link ParameterException} of the command it is mixed
 * into, naming the flag and the value. Not thread-safe: filled by picocli, then read by the
 * command's thread.
 */
public final class ArchiveLocationFlags {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--endpoint", paramLabel = "URL", description = "S3 endpoint (default: AWS).")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "us-east-1", description = "S3 region"
            + " (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--path-style", description = "Path-style S3 URLs.")
    boolean pathStyle;

    /** The archive options these flags give, {@link ArchiveOptions#DEFAULT_CONCURRENCY} requests at once. */
    public ArchiveOptions archiveOptions() {
        URI uri;
        try {
            uri = endpoint == null ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw usage("--endpoint: " + endpoint + " (expected: a URL)");
        }
        try {
            return new ArchiveOptions(uri, region, pathStyle, ArchiveOptions.DEFAULT_CONCURRENCY);
        } catch (IllegalArgumentException e) {
            throw usage("--region: '" + region + "' (expected: a region name)");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
