package dev.kubeaudit.shipper.testing;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The standalone shipper ({@code audit-shipper.jar}'s main) in a child JVM started from the test class path. */
public final class ChildShipper implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ChildShipper(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code ShipperMain --config config} with extra JVM options ({@code -Dk=v}); output to {@code output}. */
    public static ChildShipper start(Path config, Path output, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle.") || arg.startsWith("-Daws.")) {
                command.add(arg);
            }
        }
        command.add("-Daws.accessKeyId=" + S3Server.ACCESS_KEY);
        command.add("-Daws.secretAccessKey=" + S3Server.SECRET_KEY);
        command.addAll(Arrays.asList(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.kubeaudit.shipper.cli.ShipperMain");
        command.add("--config");
        command.add(config.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        return new ChildShipper(process, output);
    }

    /** Waits for the process to end by itself; its exit status, or -1 after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public String output() throws java.io.IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
