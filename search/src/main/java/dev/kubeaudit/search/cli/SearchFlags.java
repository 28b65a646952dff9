package dev.kubeaudit.search.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The flags of {@code search} beside those it shares with {@code export} ({@link SourceFlags}), as
 * given; {@link SearchMain} checks and combines them.
 */
final class SearchFlags {
    @Parameters(paramLabel = "ARCHIVE", description = "file:DIR, DIR or s3://BUCKET/PREFIX. Of an S3 archive only the"
            + " segments whose time can match (by key, then manifest) and their manifests are fetched, into the cache;"
            + " a segment whose bytes differ from its manifest's SHA-256 fails the search (exit 1) and is not kept; a"
            + " segment without manifest is read with a warning, its bytes unchecked.")
    String archive;

    @Option(names = "--user", split = ",", paramLabel = "NAME", description = "user.username is one of these.")
    List<String> users = new ArrayList<>();

    @Option(names = "--group", split = ",", paramLabel = "GROUP", description = "user.groups holds one of these.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--verb", split = ",", paramLabel = "VERB", description = "get, list, watch, create, update, patch,"
            + " delete, deletecollection, …")
    List<String> verbs = new ArrayList<>();

    @Option(names = "--resource", split = ",", paramLabel = "RESOURCE", description = "secrets (any subresource),"
            + " pods/exec, deployments.apps, deployments.apps/scale.")
    List<String> resources = new ArrayList<>();

    @Option(names = "--namespace", split = ",", paramLabel = "NAMESPACE", description = "objectRef.namespace.")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--name", split = ",", paramLabel = "NAME", description = "objectRef.name.")
    List<String> names = new ArrayList<>();

    @Option(names = "--code", split = ",", paramLabel = "CODE", description = "responseStatus.code: 403, or a class: 4xx.")
    List<String> codes = new ArrayList<>();

    @Option(names = "--stage", split = ",", paramLabel = "STAGE", description = "RequestReceived, ResponseStarted,"
            + " ResponseComplete or Panic.")
    List<String> stages = new ArrayList<>();

    @Option(names = "--source-ip", split = ",", paramLabel = "IP", description = "sourceIPs holds one of these.")
    List<String> sourceIps = new ArrayList<>();

    @Option(names = "--audit-id", split = ",", paramLabel = "ID", description = "auditID.")
    List<String> auditIds = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (or rows of --count-by).")
    Long limit;

    @Option(names = "--order", paramLabel = "newest|oldest", defaultValue = "newest",
            description = "By stageTimestamp (default: ${DEFAULT-VALUE}).")
    String order;

    @Option(names = {"-o", "--output"}, paramLabel = "human|json", defaultValue = "human",
            description = "human: as `audit-agent tail` prints (default); json: each event's line as archived.")
    String output;

    @Option(names = "--count-by", split = ",", paramLabel = "KEY", description = "Count events per value of these keys,"
            + " most first: user, group, verb, resource, namespace, name, code, stage, level, source-ip, user-agent,"
            + " cluster, node, day.")
    List<String> countBy = new ArrayList<>();

    @Option(names = "--sql", paramLabel = "SELECT", description = "One SELECT over the view events (the event's"
            + " fields, then cluster, node, dt, segment, raw); prints tab-separated rows, the header first.")
    String sql;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES", defaultValue = "65Mi", description = "The longest event"
            + " line read (default: ${DEFAULT-VALUE}, for listen.maxRequestBytes up to 64Mi); more is slower.")
    String maxLineBytes;

    @Option(names = "--cache-max-bytes", paramLabel = "BYTES", defaultValue = "10Gi", converter = ByteSizeArg.class,
            description = "After a search the least recently used copies are evicted down to this size, never one the"
            + " search used, and only once no other search uses the cache: 10737418240, 500Mi, 10Gi; 0 keeps only the"
            + " last search's (default: ${DEFAULT-VALUE}).")
    long cacheMaxBytes;

    @Option(names = {"-v", "--verbose"}, description = "Also print which segments are read and, of an S3 archive, how"
            + " many objects were fetched from the store and how many reused from the cache, and what the cache evicted.")
    boolean verbose;
}
