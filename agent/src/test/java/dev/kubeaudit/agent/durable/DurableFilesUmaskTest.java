package dev.kubeaudit.agent.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The umask belongs to the process, so each case replaces a file in a child JVM started under that umask. */
class DurableFilesUmaskTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "umask {0}")
    @ValueSource(strings = {"0000", "0022", "0077", "0277"})
    void theTempAndTheFileAreExactly0600WhateverTheUmask(String umask) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX file modes");
        Path target = dir.resolve("state");
        Path output = dir.resolve("child.out");
        Process child = new ProcessBuilder(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), ReplaceInChildJvm.class.getName(),
                target.toString(), "content\n"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("child JVM did not finish within 60 s: " + read(output));
        }
        assertThat(child.exitValue()).as(read(output)).isZero();
        assertThat(read(output)).isEqualTo("temp rw-------\n");
        assertThat(target).hasContent("content");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
