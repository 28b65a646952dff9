package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.integrity.SigningKey;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen --out FILE}: a new Ed25519 signing key for the archive's manifests and checkpoints. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Generates an Ed25519 key that signs the archive's manifests and checkpoints: the private key"
                + " in FILE (mode 0600; set integrity.signingKeyFile to it, keep it on the host) and its public key"
                + " in FILE.pub (give it to whoever runs `audit-agent verify --public-key`).",
                "Never replaces an existing file. Exit 0 written, 1 failure, 2 usage."})
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the private key goes.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "kube-audit-agent",
            description = "The key's name in signatures (no spaces or '+'; default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
        SigningKey key;
        try {
            key = SigningKey.generate(name);
        } catch (IllegalArgumentException e) {
            System.err.println("--name: " + e.getMessage());
            return 2;
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            System.err.println("--out: " + out + ": folder " + dir + " does not exist");
            return 2;
        }
        try {
            key.write(out);
        } catch (FileAlreadyExistsException e) {
            System.err.println(e.getFile() + ": exists; a key file is never replaced (move it aside first)");
            return 1;
        } catch (IOException e) {
            System.err.println(out + ": " + e.getMessage());
            return 1;
        }
        System.out.println("Private key: " + out + " (mode 0600; set integrity.signingKeyFile: " + out.toAbsolutePath()
                + ")");
        System.out.println("Public key:  " + SigningKey.publicKeyFile(out) + "  " + key.verifierKey().encoded());
        return 0;
    }
}
