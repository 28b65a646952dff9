package dev.kubeaudit.shipper.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two independent S3 implementations a test class runs against, started once for the class
 * and closed after it: s3proxy (objects in a temporary folder) and LocalS3. Register as a static
 * {@code @RegisterExtension} field; {@link #both()} feeds a {@code @MethodSource}.
 */
public final class BothS3Servers implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private S3Server s3proxy;
    private LocalS3Server localS3;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("s3proxy");
        s3proxy = S3Server.start(dir);
        localS3 = LocalS3Server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            s3proxy.close();
            localS3.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public List<S3Implementation> both() {
        return List.of(s3proxy, localS3);
    }

    public S3Server s3proxy() {
        return s3proxy;
    }

    public LocalS3Server localS3() {
        return localS3;
    }
}
