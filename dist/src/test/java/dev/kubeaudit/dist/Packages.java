package dev.kubeaudit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the built .deb and RPM with the host's tools: listings, metadata, scriptlets, and their files unpacked. */
final class Packages {
    /** Where the RPM puts the units the .deb puts in /lib/systemd/system (%{_unitdir} on Fedora and RHEL). */
    static final String RPM_UNIT_DIR = "/usr/lib/systemd/system/";

    /** "Name        : kube-audit-agent", "Architecture: noarch", "Description :". */
    private static final Pattern INFO_LINE = Pattern.compile("([A-Z][A-Za-z ]*?)\\s*:( .*|)");

    private Packages() {
    }

    /** One entry of a package: its mode as {@code ls -l} prints it, owner, group and absolute path. */
    record Entry(String mode, String user, String group, String path) {
        boolean isFile() {
            return mode.startsWith("-");
        }

        boolean isDirectory() {
            return mode.startsWith("d");
        }
    }

    /** The .deb's entries, at the path each has once installed ("./opt/x/" is /opt/x). */
    static List<Entry> debEntries() throws IOException, InterruptedException {
        Tools.Result list = Tools.run("dpkg-deb", "-c", Tools.deb().toString());
        assertThat(list.status()).as(list.output()).isZero();
        List<Entry> entries = new ArrayList<>();
        for (String line : list.output().split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length == 6) {
                String[] owner = cols[1].split("/");
                String path = cols[5].substring(1);
                entries.add(new Entry(cols[0], owner[0], owner[1], path.length() > 1 && path.endsWith("/")
                        ? path.substring(0, path.length() - 1) : path));
            }
        }
        return entries;
    }

    /** The path at which the RPM carries what the .deb installs at {@code debPath}. */
    static String rpmPath(String debPath) {
        return debPath.startsWith("/lib/systemd/system/") ? RPM_UNIT_DIR + debPath.substring("/lib/systemd/system/".length())
                : debPath;
    }

    /** The RPM's entries (files and the directories it owns), from {@code rpm -qp --queryformat}. */
    static List<Entry> rpmEntries() throws IOException, InterruptedException {
        String out = rpmQuery("--queryformat", "[%{FILEMODES:perms} %{FILEUSERNAME} %{FILEGROUPNAME} %{FILENAMES}\\n]");
        List<Entry> entries = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] cols = line.split(" ", 4);
            assertThat(cols).as(line).hasSize(4);
            entries.add(new Entry(cols[0], cols[1], cols[2], cols[3]));
        }
        return entries;
    }

    /** path → mode of the regular files among {@code entries}, ordered by path. */
    static Map<String, String> files(List<Entry> entries) {
        Map<String, String> files = new TreeMap<>();
        entries.stream().filter(Entry::isFile).forEach(e -> files.put(e.path(), e.mode()));
        return files;
    }

    /** {@code rpm -qp ARGS RPM}'s output; fails the test unless it exits 0. */
    static String rpmQuery(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rpm", "-qp"));
        command.addAll(List.of(args));
        command.add(Tools.rpm().toString());
        Tools.Result result = Tools.run(command, Map.of(), null);
        assertThat(result.status()).as(command + ": " + result.output()).isZero();
        return result.output();
    }

    /** The "Key : value" lines of {@code rpm -qip}, up to the description. */
    static Map<String, String> rpmInfo() throws IOException, InterruptedException {
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : rpmQuery("-i").split("\n")) {
            Matcher m = INFO_LINE.matcher(line);
            if (m.matches()) {
                if (m.group(1).equals("Description")) {
                    break;
                }
                info.put(m.group(1), m.group(2).trim());
            }
        }
        return info;
    }

    /** scriptlet ("preinstall", "postinstall", …) → its text, from {@code rpm -qp --scripts}. */
    static Map<String, String> rpmScriptlets() throws IOException, InterruptedException {
        Map<String, String> scriptlets = new LinkedHashMap<>();
        String current = null;
        for (String line : rpmQuery("--scripts").split("\n")) {
            if (line.matches("\\w+ scriptlet \\(using .*\\):")) {
                current = line.substring(0, line.indexOf(' '));
                scriptlets.put(current, "");
            } else if (current != null) {
                scriptlets.merge(current, line + "\n", String::concat);
            }
        }
        return scriptlets;
    }

    /** Unpacks the .deb's files into {@code root} (dpkg-deb -x). */
    static Path unpackDeb(Path root) throws IOException, InterruptedException {
        Tools.Result result = Tools.run("dpkg-deb", "-x", Tools.deb().toString(), root.toString());
        assertThat(result.status()).as(result.output()).isZero();
        return root;
    }

    /** Unpacks the RPM's files into {@code root}: rpm2archive (Debian's rpm package has it; cpio it has not), then tar. */
    static Path unpackRpm(Path root) throws IOException, InterruptedException {
        Path work = Files.createDirectories(root.resolveSibling(root.getFileName() + "-archive"));
        Path link = Files.createSymbolicLink(work.resolve("package.rpm"), Tools.rpm());
        Tools.Result archive = Tools.run("rpm2archive", "--nocompression", link.toString());
        Files.delete(link);
        assertThat(archive.status()).as(archive.output()).isZero();
        Files.createDirectories(root);
        Tools.Result tar = Tools.run("tar", "-xf", work.resolve("package.rpm.tar").toString(), "-C", root.toString(),
                "--no-same-owner");
        assertThat(tar.status()).as(tar.output()).isZero();
        return root;
    }

    /** The .deb's postinst or the RPM's %pre, reduced to its useradd command on one line. */
    static String useradd(String script) {
        String joined = script.replaceAll("\\\\\n\\s*", "");
        return joined.lines().filter(l -> l.contains("useradd ")).findFirst()
                .map(l -> l.substring(l.indexOf("useradd ")).replaceAll("\\s*\\|\\|\\s*exit 1\\s*$", "").trim())
                .orElse("(no useradd in: " + script + ")");
    }
}
