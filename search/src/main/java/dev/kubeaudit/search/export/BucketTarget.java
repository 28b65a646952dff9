package dev.kubeaudit.search.export;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.search.files.Trees;
import dev.kubeaudit.search.query.ParquetFile;
import dev.kubeaudit.shipper.store.Destination;
import dev.kubeaudit.shipper.store.S3Settings;
import dev.kubeaudit.shipper.store.S3Store;
import dev.kubeaudit.shipper.store.SegmentDigest;
import dev.kubeaudit.shipper.store.StoreException;
import dev.kubeaudit.shipper.store.Upload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * An S3 prefix as export target ({@code s3://BUCKET[/PREFIX]}), credentials from the AWS SDK's
 * default chain as the shipper's. A run prefix that already holds an object refuses the run (one
 * listing). DuckDB writes the run into a local temp folder; each file is then uploaded with the
 * shipper's {@link S3Store}: {@code If-None-Match: *} (an object already there is never
 * replaced), its SHA-256 sent and the stored object confirmed, multipart above the shipper's
 * threshold. The temp folder is deleted afterwards. A failed upload leaves the objects uploaded
 * before it: the message says how many. Not thread-safe.
 */
final class BucketTarget implements ExportTarget {
    private final String bucket;
    private final String prefix; // no leading or trailing '/'
    private final ArchiveOptions options;

    private BucketTarget(String bucket, String prefix, ArchiveOptions options) {
        this.bucket = bucket;
        this.prefix = prefix;
        this.options = options;
    }

    static BucketTarget of(String destination, ArchiveOptions options) {
        Destination parsed = Destination.parse(destination);
        if (parsed.location().isEmpty()) {
            throw new IllegalArgumentException("'" + destination + "' (expected: s3://BUCKET[/PREFIX])");
        }
        return new BucketTarget(parsed.location(), Place.strip(parsed.prefix()), options);
    }

    @Override
    public String describe() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public Place place() {
        return new Place("s3://" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/"));
    }

    @Override
    public Staging stage(RunName run) throws IOException, ExportRefused {
        try (Archive existing = Archives.open(describe(), options)) {
            if (!existing.list(run.name() + "/").isEmpty()) {
                throw new ExportRefused(describe() + "/" + run.name() + "/ already holds objects (expected: a new run"
                        + " prefix; nothing is overwritten)");
            }
        }
        Path temp = Files.createTempDirectory("audit-export-");
        return new BucketStaging(temp, Files.createDirectory(temp.resolve(run.name())), run);
    }

    /** The S3 key of {@code path} below the run. */
    private String key(RunName run, String path) {
        return (prefix.isEmpty() ? "" : prefix + "/") + run.name() + "/" + path;
    }

    private S3Settings settings() {
        AgentConfig.Ship defaults = AgentConfig.defaults().ship();
        return new S3Settings(bucket, options.endpoint(), options.region(), options.pathStyle(), defaults.checksum(),
                defaults.confirm(), defaults.multipartThreshold(), null, null, null, 0, 4);
    }

    /** A local temp folder, uploaded file by file. */
    private final class BucketStaging implements Staging {
        private final Path temp;
        private final Path folder;
        private final RunName run;

        BucketStaging(Path temp, Path folder, RunName run) {
            this.temp = temp;
            this.folder = folder;
            this.run = run;
        }

        @Override
        public Path folder() {
            return folder;
        }

        @Override
        public String describe() {
            return BucketTarget.this.describe() + "/" + run.name() + "/";
        }

        @Override
        public List<String> publish(List<ParquetFile> files) throws IOException {
            List<String> where = new ArrayList<>();
            S3Settings settings = settings();
            // As the shipper: MD5 only when it is the checksum sent; a confirmation by ETag reads it then.
            boolean md5 = settings.checksum() == AgentConfig.Checksum.MD5;
            try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
                 S3Store store = new S3Store(settings, credentials)) {
                for (ParquetFile f : files) {
                    Path file = folder.resolve(f.path());
                    String key = key(run, f.path());
                    try {
                        // Object Lock is never set on exports, so the segment time is only the run's stamp.
                        store.put(new Upload(key, file, SegmentDigest.of(file, md5), run.stamp()));
                    } catch (StoreException e) {
                        throw new IOException("Upload of " + describe() + f.path() + " failed, " + where.size() + " of "
                                + files.size() + " files uploaded before it stay: " + e.getMessage(), e);
                    }
                    where.add("s3://" + bucket + "/" + key);
                }
            }
            return where;
        }

        @Override
        public void close() throws IOException {
            Trees.delete(temp);
        }
    }
}
