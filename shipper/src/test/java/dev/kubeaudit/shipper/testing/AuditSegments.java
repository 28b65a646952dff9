package dev.kubeaudit.shipper.testing;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Segment files of audit events, as the log writer leaves them: plain, {@code .gz} or {@code .zst} by their name. */
public final class AuditSegments {
    private AuditSegments() {
    }

    /** Writes {@code events} event lines (auditIDs {@code <tag>-0…}) to {@code dir/name}, compressed as its name says. */
    public static Path write(Path dir, String name, String tag, int events) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        try (OutputStream out = compressing(name, Files.newOutputStream(file))) {
            for (int i = 0; i < events; i++) {
                String line = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\""
                        + tag + "-" + i + "\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/pods\","
                        + "\"stageTimestamp\":\"2026-11-27T01:00:" + String.format("%02d", i % 60) + ".123456Z\"}\n";
                out.write(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }

    private static OutputStream compressing(String name, OutputStream out) throws IOException {
        if (name.endsWith(".gz")) {
            return new GZIPOutputStream(out);
        }
        return name.endsWith(".zst") ? new ZstdOutputStream(out) : out;
    }
}
