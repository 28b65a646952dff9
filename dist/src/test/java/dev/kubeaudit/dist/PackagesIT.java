package dev.kubeaudit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball, the Debian package and install.sh lay out what they should, with the right modes. */
class PackagesIT {
    @TempDir
    Path dir;

    @Test
    void tarballHoldsJarsLaunchersConfigurationAndUnits() throws Exception {
        Tools.require("tar");
        Tools.Result list = Tools.run("tar", "-tvzf", Tools.tarball().toString());
        assertThat(list.status()).as(list.output()).isZero();
        Map<String, String> modes = listing(list.output(), 5);
        String base = "kube-audit-agent-" + Tools.VERSION + "/";
        assertThat(modes).containsEntry(base + "bin/audit-agent", "-rwxr-xr-x")
                .containsEntry(base + "bin/audit-shipper", "-rwxr-xr-x")
                .containsEntry(base + "systemd/install.sh", "-rwxr-xr-x")
                .containsEntry(base + "lib/audit-agent.jar", "-rw-r--r--")
                .containsEntry(base + "lib/audit-shipper.jar", "-rw-r--r--")
                .containsEntry(base + "lib/audit-search.jar", "-rw-r--r--")
                .containsEntry(base + "systemd/audit-agent.service", "-rw-r--r--")
                .containsEntry(base + "systemd/audit-shipper.service", "-rw-r--r--")
                .containsKeys(base + "config/agent.yaml", base + "config/agent-quickstart.yaml",
                        base + "config/shipper.yaml", base + "config/jvm.env",
                        base + "config/kube-apiserver/audit-webhook-kubeconfig.yaml",
                        base + "config/kube-apiserver/kube-apiserver-audit.patch.yaml",
                        base + "config/prometheus/alerts.yaml", base + "config/grafana/kube-audit-agent.json",
                        base + "README.md")
                .containsEntry(base + "share/bash-completion/completions/audit-agent", "-rw-r--r--")
                .containsEntry(base + "share/bash-completion/completions/audit-shipper", "-rw-r--r--");
    }

    @Test
    void debInstallsUnderOptAndEtcWithConffilesAndStartsNothing() throws Exception {
        Tools.require("dpkg-deb");
        Tools.Result list = Tools.run("dpkg-deb", "-c", Tools.deb().toString());
        assertThat(list.status()).as(list.output()).isZero();
        Map<String, String> modes = listing(list.output(), 5);
        assertThat(modes).containsEntry("./opt/kube-audit-agent/bin/audit-agent", "-rwxr-xr-x")
                .containsEntry("./opt/kube-audit-agent/bin/audit-shipper", "-rwxr-xr-x")
                .containsEntry("./opt/kube-audit-agent/lib/audit-agent.jar", "-rw-r--r--")
                .containsEntry("./opt/kube-audit-agent/lib/audit-shipper.jar", "-rw-r--r--")
                .containsEntry("./opt/kube-audit-agent/lib/audit-search.jar", "-rw-r--r--")
                .containsEntry("./etc/kube-audit-agent/agent.yaml", "-rw-r-----")
                .containsEntry("./etc/kube-audit-agent/shipper.yaml", "-rw-r-----")
                .containsEntry("./lib/systemd/system/audit-agent.service", "-rw-r--r--")
                .containsEntry("./lib/systemd/system/audit-shipper.service", "-rw-r--r--")
                .containsEntry("./usr/share/bash-completion/completions/audit-agent", "-rw-r--r--")
                .containsEntry("./usr/share/bash-completion/completions/audit-shipper", "-rw-r--r--")
                .containsKeys("./etc/kube-audit-agent/jvm.env",
                        "./opt/kube-audit-agent/share/config/prometheus/alerts.yaml");

        Path control = dir.resolve("control");
        Tools.Result extract = Tools.run("dpkg-deb", "-e", Tools.deb().toString(), control.toString());
        assertThat(extract.status()).as(extract.output()).isZero();
        assertThat(Files.readAllLines(control.resolve("conffiles"))).containsExactlyInAnyOrder(
                "/etc/kube-audit-agent/agent.yaml", "/etc/kube-audit-agent/shipper.yaml",
                "/etc/kube-audit-agent/jvm.env");
        assertThat(Files.readString(control.resolve("control"))).contains("Package: kube-audit-agent",
                "Architecture: all", "Depends: java17-runtime-headless");
        String postinst = Files.readString(control.resolve("postinst")).replaceAll("(?m)^#.*\n", "");
        assertThat(postinst).contains("useradd --system").doesNotContain("systemctl start", "enable --now",
                "deb-systemd-invoke");
    }

    @Test
    void installShLaysOutTheTreeIdempotentlyKeepsEditsAndUninstallsAllButData() throws Exception {
        Tools.require("tar");
        Path root = dir.resolve("root");
        Tools.Result first = Tools.install(root);
        assertThat(first.status()).as(first.output()).isZero();
        assertThat(mode(root.resolve("opt/kube-audit-agent/bin/audit-agent"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(root.resolve("opt/kube-audit-agent/bin/audit-shipper"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(root.resolve("opt/kube-audit-agent/lib/audit-agent.jar"))).isEqualTo("rw-r--r--");
        assertThat(mode(root.resolve("opt/kube-audit-agent/lib/audit-search.jar"))).isEqualTo("rw-r--r--");
        assertThat(mode(root.resolve("etc/kube-audit-agent"))).isEqualTo("rwxr-x---");
        assertThat(mode(root.resolve("etc/kube-audit-agent/agent.yaml"))).isEqualTo("rw-r-----");
        assertThat(mode(root.resolve("etc/kube-audit-agent/shipper.yaml"))).isEqualTo("rw-r-----");
        assertThat(mode(root.resolve("etc/systemd/system/audit-agent.service"))).isEqualTo("rw-r--r--");
        assertThat(root.resolve("opt/kube-audit-agent/share/config/prometheus/alerts.yaml")).isRegularFile();
        assertThat(mode(root.resolve("opt/kube-audit-agent/share/bash-completion/completions/audit-agent")))
                .isEqualTo("rw-r--r--");

        Path config = root.resolve("etc/kube-audit-agent/agent.yaml");
        Files.writeString(config, "cluster: edited\n");
        Tools.Result again = Tools.install(root);
        assertThat(again.status()).as(again.output()).isZero();
        assertThat(Files.readString(config)).as("an edited configuration survives a reinstall").isEqualTo("cluster: edited\n");

        Path data = Files.createDirectories(root.resolve("var/lib/kube-audit-agent/journal"));
        Tools.Result removed = Tools.install(root, "--uninstall");
        assertThat(removed.status()).as(removed.output()).isZero();
        assertThat(root.resolve("opt/kube-audit-agent")).doesNotExist();
        assertThat(root.resolve("etc/kube-audit-agent")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/audit-agent.service")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/audit-shipper.service")).doesNotExist();
        assertThat(data).isDirectory();
        assertThat(Tools.install(root, "--uninstall").status()).as("uninstall twice").isZero();
    }

    /** name → mode from `tar -tv` / `dpkg-deb -c` lines (mode first, name in column {@code nameColumn}). */
    private static Map<String, String> listing(String output, int nameColumn) {
        Map<String, String> modes = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > nameColumn) {
                modes.put(cols[nameColumn], cols[0]);
            }
        }
        return modes;
    }

    private static String mode(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
