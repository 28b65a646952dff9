package dev.kubeaudit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * search as the tarball installs it: {@code bin/audit-agent search} runs lib/audit-search.jar,
 * which also runs on its own beside lib/audit-agent.jar; without it search exits 2 saying how to
 * get it.
 */
class SearchPackageIT {
    private static final String EVENT = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
            + "\"auditID\":\"5d1b9c1e-0000-4000-8000-000000000001\",\"stage\":\"ResponseComplete\","
            + "\"requestURI\":\"/api/v1/namespaces/payments/secrets/db-password\",\"verb\":\"delete\","
            + "\"user\":{\"username\":\"bob\",\"groups\":[\"ops\"]},\"sourceIPs\":[\"10.0.0.7\"],"
            + "\"objectRef\":{\"resource\":\"secrets\",\"namespace\":\"payments\",\"name\":\"db-password\",\"apiVersion\":\"v1\"},"
            + "\"responseStatus\":{\"metadata\":{},\"code\":200},\"requestReceivedTimestamp\":\"2026-11-27T10:00:00.000000Z\","
            + "\"stageTimestamp\":\"2026-11-27T10:00:00.004000Z\"}";

    @TempDir
    Path dir;

    @Test
    void theLauncherAndTheJarSearchAFolderArchiveAndSearchWithoutTheJarSaysHowToGetIt() throws Exception {
        Tools.require("tar");
        Tools.Result untar = Tools.run("tar", "-xzf", Tools.tarball().toString(), "-C", dir.toString());
        assertThat(untar.status()).as(untar.output()).isZero();
        Path home = dir.resolve("kube-audit-agent-" + Tools.VERSION);
        Path archive = dir.resolve("archive");
        Path segment = archive.resolve("prod/cp-1/2026/11/27/audit-2026-11-27T11-00-00.000.log.gz");
        Files.createDirectories(segment.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(segment))) {
            out.write((EVENT + "\n").getBytes(StandardCharsets.UTF_8));
        }

        Tools.Result launcher = Tools.run(List.of(home.resolve("bin/audit-agent").toString(), "search", "file:" + archive,
                "--verb", "delete", "--resource", "secrets", "-o", "json"), Map.of(), null);
        assertThat(launcher.status()).as(launcher.output()).isZero();
        assertThat(launcher.output()).contains(EVENT + "\n").contains("1 event");

        Tools.Result alone = Tools.run(List.of("java", "-jar", home.resolve("lib/audit-search.jar").toString(),
                "file:" + archive, "--count-by", "user"), Map.of(), null);
        assertThat(alone.status()).as(alone.output()).isZero();
        assertThat(alone.output()).contains("bob\t1");

        Files.delete(home.resolve("lib/audit-search.jar"));
        Tools.Result missing = Tools.run(List.of(home.resolve("bin/audit-agent").toString(), "search", "file:" + archive),
                Map.of(), null);
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.output()).contains(home.resolve("lib/audit-search.jar").toString()).contains("not installed");
    }
}
