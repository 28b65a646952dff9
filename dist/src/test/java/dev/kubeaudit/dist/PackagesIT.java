package dev.kubeaudit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.dist.Packages.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball, the Debian package, the RPM and install.sh lay out what they should, with the right modes;
 * the RPM carries the .deb's files byte for byte; the bash completion they install completes.
 */
class PackagesIT {
    private static final String COMPLETIONS = "/usr/share/bash-completion/completions/";

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
                .containsEntry("." + COMPLETIONS + "audit-agent", "-rw-r--r--")
                .containsEntry("." + COMPLETIONS + "audit-shipper", "-rw-r--r--")
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

    @Test
    void rpmHoldsTheDebsFilesWithTheirModesTheUnitsInUsrLibAndOwnsOnlyItsDirectories() throws Exception {
        requireRpm();
        List<Entry> deb = Packages.debEntries();
        List<Entry> rpm = Packages.rpmEntries();
        Map<String, String> expected = new HashMap<>();
        Packages.files(deb).forEach((path, mode) -> expected.put(Packages.rpmPath(path), mode));
        assertThat(Packages.files(rpm)).as("every file of the .deb, at the same path and mode; nothing else")
                .isEqualTo(expected)
                .containsKeys("/opt/kube-audit-agent/lib/audit-agent.jar", "/opt/kube-audit-agent/lib/audit-shipper.jar",
                        "/opt/kube-audit-agent/lib/audit-search.jar", "/opt/kube-audit-agent/bin/audit-agent",
                        "/opt/kube-audit-agent/share/README.md", "/opt/kube-audit-agent/share/config/prometheus/alerts.yaml",
                        "/etc/kube-audit-agent/agent.yaml", "/etc/kube-audit-agent/shipper.yaml", "/etc/kube-audit-agent/jvm.env",
                        Packages.RPM_UNIT_DIR + "audit-agent.service", Packages.RPM_UNIT_DIR + "audit-shipper.service",
                        COMPLETIONS + "audit-agent", COMPLETIONS + "audit-shipper");

        Set<String> ownDirectories = new TreeSet<>(List.of("/etc/kube-audit-agent"));
        deb.stream().filter(Entry::isDirectory).map(Entry::path)
                .filter(p -> p.equals("/opt/kube-audit-agent") || p.startsWith("/opt/kube-audit-agent/")).forEach(ownDirectories::add);
        assertThat(rpm.stream().filter(Entry::isDirectory).map(Entry::path).toList())
                .as("directories the RPM owns: its own, not /usr/lib/systemd/system or the completions folder")
                .containsExactlyInAnyOrderElementsOf(ownDirectories);
        for (Entry e : rpm) {
            boolean readByTheService = Set.of("/etc/kube-audit-agent", "/etc/kube-audit-agent/agent.yaml",
                    "/etc/kube-audit-agent/shipper.yaml").contains(e.path());
            assertThat(e.user() + ":" + e.group()).as(e.path()).isEqualTo(readByTheService ? "root:kube-audit" : "root:root");
            if (e.isDirectory()) {
                assertThat(e.mode()).as(e.path()).isEqualTo(readByTheService ? "drwxr-x---" : "drwxr-xr-x");
            }
        }
    }

    @Test
    void rpmMarksConfigurationNoreplaceCreatesTheUserAsTheDebAndStartsNothing() throws Exception {
        requireRpm();
        assertThat(Packages.rpmQuery("--configfiles").lines().toList()).containsExactlyInAnyOrder(
                "/etc/kube-audit-agent/agent.yaml", "/etc/kube-audit-agent/shipper.yaml", "/etc/kube-audit-agent/jvm.env");
        assertThat(Packages.rpmQuery("--queryformat", "[%{FILEFLAGS:fflags} %{FILENAMES}\\n]").lines()
                .filter(l -> l.contains("/etc/kube-audit-agent/")).toList()).as("%config(noreplace): c and n")
                .containsExactlyInAnyOrder("cn /etc/kube-audit-agent/agent.yaml", "cn /etc/kube-audit-agent/shipper.yaml",
                        "cn /etc/kube-audit-agent/jvm.env");

        Path control = Files.createDirectories(dir.resolve("control"));
        Tools.Result extract = Tools.run("dpkg-deb", "-e", Tools.deb().toString(), control.toString());
        assertThat(extract.status()).as(extract.output()).isZero();
        Map<String, String> scriptlets = Packages.rpmScriptlets();
        assertThat(scriptlets).containsOnlyKeys("preinstall", "postinstall", "preuninstall", "postuninstall");
        String pre = scriptlets.get("preinstall");
        assertThat(pre).contains("groupadd --system kube-audit");
        assertThat(Packages.useradd(pre)).as("the user as the .deb's postinst creates it")
                .isEqualTo(Packages.useradd(Files.readString(control.resolve("postinst"))))
                .contains("--system", "--home-dir /var/lib/kube-audit-agent", "--shell /usr/sbin/nologin");
        assertThat(scriptlets.get("postinstall")).contains("systemctl daemon-reload");
        assertThat(scriptlets.get("postuninstall")).contains("systemctl daemon-reload");
        String all = String.join("", scriptlets.values()).replaceAll("(?m)^\\s*#.*\n", "");
        assertThat(all).doesNotContainPattern("systemctl\\s+(enable|start|restart|try-restart|reload-or-restart|preset)")
                .doesNotContain("enable --now");

        assertThat(Packages.rpmQuery("--requires").lines().toList()).as("a Java 17+ runtime, as the .deb's %s",
                "Depends: java17-runtime-headless").contains(
                "(java-headless >= 1:17 or java-17-headless or java-21-headless or java-25-headless)");
        Map<String, String> info = Packages.rpmInfo();
        String debSummary = Files.readString(control.resolve("control")).lines().filter(l -> l.startsWith("Description: "))
                .findFirst().orElseThrow().substring("Description: ".length());
        assertThat(info).containsEntry("Name", "kube-audit-agent").containsEntry("Architecture", "noarch")
                .containsEntry("Version", Tools.rpmVersionRelease().split("-", 2)[0])
                .containsEntry("Release", Tools.rpmVersionRelease().split("-", 2)[1])
                .containsEntry("Summary", debSummary).containsKeys("License", "URL");
        assertThat(info.get("License")).isNotBlank();
        assertThat(info.get("URL")).startsWith("https://");
    }

    @Test
    void rpmAndDebCarryTheSameBytes() throws Exception {
        requireRpm();
        Path deb = Packages.unpackDeb(dir.resolve("deb"));
        Path rpm = Packages.unpackRpm(dir.resolve("rpm"));
        List<String> different = new ArrayList<>();
        for (String path : Packages.files(Packages.debEntries()).keySet()) {
            Path fromRpm = rpm.resolve(Packages.rpmPath(path).substring(1));
            if (!Files.isRegularFile(fromRpm) || Files.mismatch(deb.resolve(path.substring(1)), fromRpm) != -1) {
                different.add(path);
            }
        }
        assertThat(different).as("files of the .deb the RPM lacks or carries with other bytes (jars included)").isEmpty();
        assertThat(rpm.resolve("opt/kube-audit-agent/lib/audit-search.jar")).hasSameBinaryContentAs(
                deb.resolve("opt/kube-audit-agent/lib/audit-search.jar"));
    }

    @Test
    void bashCompletionCompletesCommandsSearchOptionsAndTheShippersOptions() throws Exception {
        Tools.require("dpkg-deb");
        Tools.require("bash");
        Path root = Packages.unpackDeb(dir.resolve("deb"));
        Path agent = root.resolve(COMPLETIONS.substring(1) + "audit-agent");
        Path shipper = root.resolve(COMPLETIONS.substring(1) + "audit-shipper");
        for (Path script : List.of(agent, shipper)) {
            Tools.Result syntax = Tools.run("bash", "-n", script.toString());
            assertThat(syntax.status()).as(script + ": " + syntax.output()).isZero();
        }
        assertThat(complete(agent, "audit-agent", "che")).containsExactly("check-config");
        assertThat(complete(agent, "audit-agent", "policy", "")).containsExactlyInAnyOrder("check", "explain");
        assertThat(complete(agent, "audit-agent", "search", "--count")).as("from audit-search.jar").containsExactly("--count-by");
        assertThat(complete(agent, "audit-agent", "export", "")).as("from audit-search.jar").contains("parquet");
        assertThat(complete(agent, "audit-agent", "ship", "--conf")).containsExactly("--config");
        assertThat(complete(shipper, "audit-shipper", "--audit-log-p")).containsExactly("--audit-log-path");
        assertThat(complete(shipper, "audit-shipper", "che")).as("audit-shipper has no commands").isEmpty();
    }

    /**
     * What bash completes for {@code words} (the last is the one being completed) with {@code script}
     * sourced, through the function its {@code complete -F} registers for {@code words[0]}.
     */
    private static List<String> complete(Path script, String... words) throws Exception {
        String run = "source \"$1\" || exit 3; shift\n"
                + "fn=$(complete -p \"$1\" | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p'); [ -n \"$fn\" ] || exit 4\n"
                + "COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}\n"
                + "\"$fn\" 2>/dev/null\n"
                + "printf 'reply:%s\\n' \"${COMPREPLY[@]}\"\n";
        List<String> command = new ArrayList<>(List.of("bash", "--norc", "--noprofile", "-c", run, "bash", script.toString()));
        command.addAll(List.of(words));
        Tools.Result result = Tools.run(command, Map.of(), null);
        assertThat(result.status()).as(String.join(" ", words) + ": " + result.output()).isZero();
        return result.output().lines().filter(l -> l.startsWith("reply:")).map(l -> l.substring("reply:".length()))
                .filter(w -> !w.isEmpty()).toList();
    }

    /** Skips the RPM checks where the RPM cannot have been built (fails instead with KUBEAUDIT_REQUIRE_TOOLS). */
    private static void requireRpm() {
        Tools.require("rpmbuild");
        Tools.require("rpm");
        Tools.require("rpm2archive");
        Tools.require("dpkg-deb");
        assertThat(Tools.rpm()).as("built in the package phase by the dist module's rpm profile, active where"
                + " /usr/bin/rpmbuild exists").isRegularFile();
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
