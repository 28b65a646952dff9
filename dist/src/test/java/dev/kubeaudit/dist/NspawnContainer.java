package dev.kubeaudit.dist;

import dev.kubeaudit.agent.testing.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A clean Debian root file system booted with {@code systemd-nspawn -b}: systemd is PID 1 inside, so
 * a unit runs as on a host. The root file system named by {@value #ROOTFS_ENV} is never written: the
 * container runs on an overlay of it (a copy where overlayfs cannot be mounted). The container shares
 * the host's network, loopback included; commands run inside through {@code nsenter}, files are
 * written and read from the host through {@link #path(String)}. {@link #close()} powers the container
 * off and unmounts what this class mounted, in reverse order, also after a failure; it is idempotent.
 * Every command is bounded. Not thread-safe.
 */
final class NspawnContainer implements AutoCloseable {
    /** The environment variable naming the root file system (see .ci/run). */
    static final String ROOTFS_ENV = "KUBEAUDIT_NSPAWN_ROOTFS";
    private static final String NSPAWN_RUN_DIR = "/run/systemd/nspawn";
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration POWER_OFF_TIMEOUT = Duration.ofSeconds(30);

    private final Path work;
    private final Path root;
    private final String machine = "kube-audit-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final Deque<Path> mounts = new ArrayDeque<>();
    private String layout = "";
    private Process nspawn;
    private long init;

    private NspawnContainer(Path work) throws IOException {
        this.work = work;
        this.root = Files.createDirectories(work.resolve("root"));
    }

    /**
     * What booting a container needs and this host lacks, as a sentence for a skipped test; null when
     * nothing is missing. Throws instead when {@code KUBEAUDIT_REQUIRE_TOOLS} is set (CI provides all).
     */
    static String unmetRequirements() {
        String named = System.getenv(ROOTFS_ENV);
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (mounts and systemd-nspawn)");
        }
        for (String tool : List.of("systemd-nspawn", "nsenter", "mount", "umount")) {
            if (!Tools.onPath(tool)) {
                missing.add(tool + (tool.equals("systemd-nspawn") ? " (Debian's systemd-container)" : ""));
            }
        }
        if (named == null || named.isBlank() || !Files.isExecutable(Path.of(named, "lib/systemd/systemd"))) {
            missing.add(ROOTFS_ENV + " naming a Debian 12 root file system with systemd and a Java 17 runtime"
                    + " (debootstrap; .ci/run builds one)" + (named == null ? "" : ", not '" + named + "'"));
        }
        if (missing.isEmpty()) {
            return null;
        }
        String sentence = "The package under a real systemd needs " + String.join(", ", missing);
        if (System.getenv("KUBEAUDIT_REQUIRE_TOOLS") != null) {
            throw new AssertionError(sentence);
        }
        return sentence;
    }

    /** The root file system named by {@value #ROOTFS_ENV}. */
    static Path rootfs() {
        return Path.of(System.getenv(ROOTFS_ENV));
    }

    /**
     * An overlay of {@code rootfs} (a copy where overlayfs is refused) under {@code work}, not booted
     * yet; mounts a tmpfs on /run/systemd/nspawn where /run is no tmpfs (systemd-nspawn needs one).
     */
    static NspawnContainer of(Path rootfs, Path work) throws IOException, InterruptedException {
        NspawnContainer container = new NspawnContainer(work);
        try {
            Path runDir = Files.createDirectories(Path.of(NSPAWN_RUN_DIR));
            if (!Files.getFileStore(runDir).type().equals("tmpfs")) {
                container.mount(runDir, "-t", "tmpfs", "tmpfs");
            }
            Path upper = Files.createDirectories(work.resolve("upper"));
            Path scratch = Files.createDirectories(work.resolve("overlay-work"));
            Tools.Result overlay = run(List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + rootfs
                    + ",upperdir=" + upper + ",workdir=" + scratch, container.root.toString()), COMMAND_TIMEOUT);
            if (overlay.status() == 0) {
                container.mounts.push(container.root);
                container.layout = "overlay";
            } else {
                check(run(List.of("cp", "-a", "--reflink=auto", rootfs + "/.", container.root.toString()),
                        COMMAND_TIMEOUT), "copy of " + rootfs + " (overlayfs refused: " + overlay.output().strip() + ")");
                container.layout = "copy";
            }
            return container;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            container.close();
            throw e;
        }
    }

    /** "overlay" or "copy": how the root file system was laid out. */
    String layout() {
        return layout;
    }

    /** Installs a Debian package with dpkg inside the container, before it boots. */
    void install(Path deb) throws IOException, InterruptedException {
        if (nspawn != null) {
            throw new IllegalStateException("install before boot");
        }
        check(run(List.of("systemd-nspawn", "-q", "--register=no", "--keep-unit", "-D", root.toString(), "-M", machine,
                "--bind-ro=" + deb.toAbsolutePath() + ":/root/package.deb", "--pipe", "dpkg", "-i", "/root/package.deb"),
                COMMAND_TIMEOUT), "dpkg -i " + deb.getFileName());
    }

    /** Boots the container in the background and waits until its systemd says it is running. */
    void boot() throws IOException, InterruptedException {
        nspawn = new ProcessBuilder("systemd-nspawn", "-q", "--register=no", "--keep-unit", "-D", root.toString(),
                "-M", machine, "-b").redirectErrorStream(true).redirectOutput(work.resolve("boot.log").toFile())
                .redirectInput(new File("/dev/null")).start();
        if (!Await.holdsWithin(BOOT_TIMEOUT, Duration.ofMillis(20), () -> !nspawn.isAlive() || init() != 0)) {
            throw new AssertionError("systemd-nspawn -b started no systemd within " + BOOT_TIMEOUT + ":\n" + bootLog());
        }
        init = init();
        if (init == 0) {
            throw new AssertionError("systemd-nspawn -b ended:\n" + bootLog());
        }
        String[] state = {""};
        if (!Await.holdsWithin(BOOT_TIMEOUT, Duration.ofMillis(100), () -> {
            state[0] = AgentUnit.uncheck(() -> exec("systemctl", "is-system-running")).output().strip();
            return !nspawn.isAlive() || state[0].equals("running") || state[0].equals("degraded");
        }) || !nspawn.isAlive()) {
            throw new AssertionError("the container's systemd is '" + state[0] + "', not running, after "
                    + BOOT_TIMEOUT + ":\n" + bootLog());
        }
    }

    /** The host's PID of the container's systemd (a child of systemd-nspawn once it is set up), or 0. */
    private long init() {
        return nspawn.toHandle().children().filter(child -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(child.pid()), "comm")).strip().equals("systemd");
            } catch (IOException gone) {
                return false;
            }
        }).mapToLong(ProcessHandle::pid).findFirst().orElse(0);
    }

    /** Runs {@code command} inside the booted container as root, with a plain environment; bounded. */
    Tools.Result exec(String... command) throws IOException, InterruptedException {
        return exec(COMMAND_TIMEOUT, List.of(command));
    }

    Tools.Result exec(Duration timeout, List<String> command) throws IOException, InterruptedException {
        if (init == 0) {
            throw new IllegalStateException("exec before boot: " + command);
        }
        List<String> nsenter = new ArrayList<>(List.of("nsenter", "-t", Long.toString(init), "-a"));
        nsenter.addAll(command);
        return run(nsenter, timeout);
    }

    /** {@code pathInside} (absolute, as the container sees it) as seen from the host. */
    Path path(String pathInside) {
        if (!pathInside.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path inside the container: " + pathInside);
        }
        return root.resolve(pathInside.substring(1));
    }

    /** Writes {@code content} to {@code pathInside}, creating its folders (root-owned, as root would). */
    void write(String pathInside, String content) {
        Path file = path(pathInside);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Write of " + file + " failed", e);
        }
    }

    String bootLog() {
        try {
            List<String> lines = Files.readAllLines(work.resolve("boot.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no boot log: " + e + ")";
        }
    }

    /** SIGTERM to systemd-nspawn (the container powers off), then unmounts; idempotent. */
    @Override
    public void close() throws InterruptedException, IOException {
        List<String> problems = new ArrayList<>();
        if (nspawn != null && nspawn.isAlive()) {
            nspawn.destroy();
            if (!nspawn.waitFor(POWER_OFF_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                problems.add("the container did not power off within " + POWER_OFF_TIMEOUT + "; killed");
                nspawn.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        while (!mounts.isEmpty()) {
            Path mountPoint = mounts.pop();
            Tools.Result umount = run(List.of("umount", mountPoint.toString()), COMMAND_TIMEOUT);
            if (umount.status() != 0) {
                problems.add("umount " + mountPoint + ": " + umount.output().strip() + "; detached lazily");
                run(List.of("umount", "-l", mountPoint.toString()), COMMAND_TIMEOUT);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    private void mount(Path mountPoint, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mount"));
        command.addAll(List.of(args));
        command.add(mountPoint.toString());
        check(run(command, COMMAND_TIMEOUT), String.join(" ", command));
        mounts.push(mountPoint);
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void check(Tools.Result result, String what) {
        if (result.status() != 0) {
            throw new AssertionError(what + " failed with status " + result.status() + ":\n" + result.output());
        }
    }

    /**
     * Runs {@code command} on the host with a plain environment, output and error in one file, for at
     * most {@code timeout}; a command still running then is killed and reported.
     */
    static Tools.Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("nspawn-command", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(new File("/dev/null"));
            builder.environment().clear();
            builder.environment().putAll(Map.of("PATH", PATH, "LANG", "C.UTF-8", "SYSTEMD_COLORS", "0",
                    "SYSTEMD_PAGER", "", "TERM", "dumb"));
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("Timed out after " + timeout + ": " + command + "\n"
                        + new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
            }
            return new Tools.Result(process.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
