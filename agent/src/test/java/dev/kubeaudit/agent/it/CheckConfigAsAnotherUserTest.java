package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeaudit.agent.testing.TestPki;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-config as the unprivileged user {@code nobody}, in a child JVM started through
 * {@code setpriv} (so the test needs root, as CI has): what root's own checks cannot show, because
 * root may write, read and chgrp anything and bind any port. One configuration, every problem on
 * its own line: a directory this user cannot write, one it cannot create, files another user left
 * in its ledger directory, a log.group it is not a member of, a port below 1024, a key file it
 * cannot read. The class path (jars hard-linked or copied, class folders copied) is put where
 * {@code nobody} can read it: the checkout may lie in a folder only root can enter.
 */
class CheckConfigAsAnotherUserTest {
    private static final int NOBODY = 65534;

    @TempDir
    static Path shared;

    private static final List<String> CLASS_PATH = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void classPathNobodyCanRead() throws Exception {
        assumeTrue(isRoot(), "runs check-config as 'nobody' through setpriv, which needs root");
        Path jars = Files.createDirectory(shared.resolve("jars"));
        open(shared);
        open(jars);
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p)) {
                Path link = jars.resolve((n++) + "-" + p.getFileName());
                try {
                    Files.createLink(link, p);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(p, link);
                }
                CLASS_PATH.add(link.toString());
            } else if (Files.isDirectory(p)) {
                // the module's class folders, copied: the checkout may lie in a folder only root can enter
                Path copy = jars.resolve((n++) + "-" + p.getFileName());
                copyTree(p, copy);
                CLASS_PATH.add(copy.toString());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    open(Files.createDirectories(target));
                } else {
                    Files.copy(p, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    @Test
    void whatAnUnprivilegedUserCannotDoIsAnErrorEach() throws Exception {
        open(dir);
        Path rootOwned = open(Files.createDirectory(dir.resolve("root-owned")));
        Path logs = nobodys(Files.createDirectory(dir.resolve("logs")));
        Path ledger = nobodys(Files.createDirectory(dir.resolve("ledger")));
        Path leftByRoot = Files.writeString(ledger.resolve("ship.ledger"), "");
        Files.setPosixFilePermissions(leftByRoot, PosixFilePermissions.fromString("rw-------"));
        Instant now = Instant.now();
        TestPki.server(TestPki.ca("ca", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(900))), "agent",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(400)), "127.0.0.1")
                .write(dir.resolve("server.crt"), dir.resolve("server.key"));
        Files.setPosixFilePermissions(dir.resolve("server.crt"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        Path config = Files.writeString(dir.resolve("agent.yaml"), String.join("\n",
                "listen:",
                "  port: 443",
                "  tls:",
                "    certFile: " + dir.resolve("server.crt"),
                "    keyFile: " + dir.resolve("server.key"),
                "journal:",
                "  dir: " + rootOwned,
                "log:",
                "  path: " + logs.resolve("audit.log"),
                "  fileMode: 0640",
                "  group: adm",
                "ship:",
                "  destination: file:" + rootOwned.resolve("archive/cluster"),
                "  ledgerDir: " + ledger,
                ""));

        Result result = checkAsNobody(config);

        assertThat(result.status()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(
                config + ":2: listen.port: 443: a port below 1024 needs CAP_NET_BIND_SERVICE, which user 'nobody' lacks",
                config + ":5: listen.tls.keyFile: " + dir.resolve("server.key") + ": not readable by user 'nobody'",
                config + ":7: journal.dir: " + rootOwned + ": user 'nobody' cannot create files in it: permission denied",
                config + ":11: log.group: adm: user 'nobody' cannot give files to this group:",
                config + ":13: ship.destination: file:" + rootOwned.resolve("archive/cluster") + ": ",
                config + ":14: ship.ledgerDir: " + ledger + ": holds files user 'nobody' cannot use: 'ship.ledger' (root,"
                        + " rw-------)");
        assertThat(result.err()).contains("does not exist, and user 'nobody' cannot create '" + rootOwned.resolve("archive")
                + "': permission denied");
    }

    private record Result(int status, String err) {
    }

    private Result checkAsNobody(Path config) throws Exception {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Xmx256m", "-cp", String.join(File.pathSeparator, CLASS_PATH),
                "dev.kubeaudit.agent.cli.Main", "check-config", "--config", config.toString()));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process child = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("check-config as nobody still running after 120 s: " + Files.readString(err));
        }
        return new Result(child.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static boolean isRoot() {
        try {
            Path probe = Files.createTempFile("uid", ".probe");
            try {
                return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid"));
            } finally {
                Files.delete(probe);
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static Path open(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static Path nobodys(Path p) throws IOException {
        UserPrincipal nobody = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(p, nobody);
        return p;
    }
}
