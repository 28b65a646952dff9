package dev.kubeaudit.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates ../shared/data (real audit logs and real webhook requests) from any module's tests. */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String configured = System.getProperty("kubeaudit.shared.dir");
        if (configured != null && Files.isDirectory(Paths.get(configured, "data"))) {
            return Paths.get(configured, "data").toAbsolutePath().normalize();
        }
        Path here = Paths.get("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data").normalize();
            if (Files.isDirectory(candidate.resolve("real-audit"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/data not found above " + here);
    }

    public static Path realAudit() {
        return dir().resolve("real-audit");
    }

    public static Path realWebhook() {
        return dir().resolve("real-webhook");
    }
}
