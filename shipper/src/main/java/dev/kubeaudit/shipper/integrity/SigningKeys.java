package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.durable.DurableFiles;
import dev.kubeaudit.agent.integrity.IntegrityDirectory;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.lifecycle.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs manifests and checkpoints: {@code integrity.signingKeyFile} when configured
 * (it must exist, be a key, and be readable by its owner only); otherwise the shipper's own
 * {@value #FILE_NAME} in the integrity folder, generated at the first start under the chain's
 * origin as name, with its public key beside it ({@code .pub}). Either way the start log says
 * where the public key is. Stateless.
 */
final class SigningKeys {
    static final String FILE_NAME = IntegrityDirectory.SIGNING_KEY;
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private SigningKeys() {
    }

    /** The signing key; an IOException of one line naming the file when it cannot be used. */
    static SigningKey load(Path configured, Path integrityDir, String origin) throws IOException {
        if (configured != null) {
            SigningKey key;
            try {
                key = SigningKey.readPrivate(configured, "integrity.signingKeyFile: ");
            } catch (IOException e) {
                throw new StartupException("integrity.signingKeyFile", configured.toString(), e.getMessage(), e);
            }
            Path pub = SigningKey.publicKeyFile(configured);
            LOG.info("Manifests and checkpoints are signed with key '{}' from '{}'; its public key: {}{}", key.name(),
                    configured, key.verifierKey().encoded(), Files.exists(pub) ? " (also in '" + pub + "')" : "");
            return key;
        }
        Path file = integrityDir.resolve(FILE_NAME);
        Path pub = SigningKey.publicKeyFile(file);
        if (!Files.exists(file)) {
            if (Files.exists(pub)) {
                throw new IOException("'" + pub + "' exists without its signing key '" + file + "' (expected: both or"
                        + " neither; keep that public key for verifiers of the archive and move it aside, then a new"
                        + " key is generated)");
            }
            SigningKey key = SigningKey.generate(origin);
            key.write(file);
            LOG.info("Generated the signing key '{}' ('{}'); verifiers need its public key '{}'", key.name(), file, pub);
            return key;
        }
        SigningKey key = SigningKey.readPrivate(file, "");
        if (!Files.exists(pub)) {
            writePublicKey(key, pub);
        }
        LOG.info("Manifests and checkpoints are signed with key '{}' ('{}'); verifiers need its public key '{}'",
                key.name(), file, pub);
        return key;
    }

    private static void writePublicKey(SigningKey key, Path pub) throws IOException {
        DurableFiles.createNew(pub, (key.verifierKey().encoded() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
