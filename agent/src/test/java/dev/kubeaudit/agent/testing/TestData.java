package dev.kubeaudit.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the repository's {@code testdata/} folder (real audit logs and real webhook requests, with
 * their sources and licences) from any module's tests: the folder named by the system property
 * {@value #PROPERTY} (the parent pom sets it), else {@code testdata/} in the working directory or the
 * nearest folder above it that has one.
 */
public final class TestData {
    public static final String PROPERTY = "kubeaudit.testdata.dir";

    private TestData() {
    }

    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && isTestData(Paths.get(configured))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path here = Paths.get("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (isTestData(p.resolve("testdata"))) {
                return p.resolve("testdata");
            }
        }
        throw new IllegalStateException("testdata/ not found: " + PROPERTY + "=" + configured
                + " (expected: a folder holding real-audit/), and none in " + here + " or above it");
    }

    public static Path realAudit() {
        return dir().resolve("real-audit");
    }

    public static Path realWebhook() {
        return dir().resolve("real-webhook");
    }

    private static boolean isTestData(Path dir) {
        return Files.isDirectory(dir.resolve("real-audit"));
    }
}
