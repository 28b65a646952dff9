package dev.kubeaudit.agent.durable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** {@code <target> <content>}: replaces the target in a JVM of its own, printing the temp's mode before the rename. */
public final class ReplaceInChildJvm {
    private ReplaceInChildJvm() {
    }

    public static void main(String[] args) throws IOException {
        DurableFiles.replace(Path.of(args[0]), args[1].getBytes(StandardCharsets.UTF_8),
                temp -> System.out.println("temp " + PosixFilePermissions.toString(Files.getPosixFilePermissions(temp))));
    }
}
