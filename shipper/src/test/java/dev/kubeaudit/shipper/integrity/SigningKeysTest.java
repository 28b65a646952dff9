package dev.kubeaudit.shipper.integrity;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.shipper.Shipper;
import dev.kubeaudit.shipper.ShipperListener;
import dev.kubeaudit.shipper.ShipperSettings;
import dev.kubeaudit.shipper.store.FileStore;
import dev.kubeaudit.shipper.testing.AuditSegments;
import dev.kubeaudit.shipper.testing.ChainArchive;
import dev.kubeaudit.shipper.testing.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signing key: integrity.signingKeyFile when set (and usable), else one the shipper generates and keeps. */
class SigningKeysTest {
    @TempDir
    Path dir;

    private Shipper start(Path keyFile) throws Exception {
        String[] extra = keyFile == null ? new String[] {"integrity.enabled: true"}
                : new String[] {"integrity.enabled: true", "integrity.signingKeyFile: '" + keyFile + "'"};
        AgentConfig config = Configs.load(Configs.write(dir, "file:" + dir.resolve("archive"), null, extra));
        return Shipper.start(ShipperSettings.standalone(config), new FileStore(dir.resolve("archive")),
                Clock.systemUTC(), ShipperListener.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "missing, does not exist",
            "directory, is not a usable signing key",
            "not a key, is not a usable signing key: ",
            "group-readable, is open to group or others (rw-r-----",
    })
    void aConfiguredKeyThatCannotBeUsedStopsTheStartWithOneLineNamingTheFile(String kind, String expected)
            throws Exception {
        Path file = dir.resolve("keys").resolve("signing.key");
        Files.createDirectories(file.getParent());
        switch (kind) {
            case "directory" -> Files.createDirectory(file,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            case "not a key" -> {
                Files.writeString(file, "not a key\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            case "group-readable" -> {
                SigningKey.generate("k").write(file);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
            }
            default -> { }
        }
        assertThatThrownBy(() -> start(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("integrity.signingKeyFile: '" + file + "' ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aConfiguredKeySignsEverything() throws Exception {
        Path file = dir.resolve("keys").resolve("audit.key");
        Files.createDirectories(file.getParent());
        SigningKey key = SigningKey.generate("audit-signer");
        key.write(file);
        Path segment = AuditSegments.write(dir.resolve("log"), "audit-2026-11-27T01-00-00.000.log", "a", 5);
        try (Shipper shipper = start(file)) {
            awaitUntil(Duration.ofSeconds(20), () -> shipper.shipped(segment), "shipped");
        }
        ChainArchive.ofFolder(dir.resolve("archive")).verify(key.verifierKey());
        assertThat(dir.resolve("journal/integrity/signing.key")).as("no key of its own").doesNotExist();
    }

    @Test
    void theGeneratedKeyIsKeptAcrossStartsAndAPublicKeyWithoutItsKeyIsNeverOverwritten() throws Exception {
        try (Shipper shipper = start(null)) {
            assertThat(shipper.pendingSegments()).isZero();
        }
        Path pub = dir.resolve("journal/integrity/signing.key.pub");
        VerifierKey first = VerifierKey.read(pub);
        Files.delete(pub);
        try (Shipper shipper = start(null)) {
            assertThat(VerifierKey.read(pub)).as("written again from the key").isEqualTo(first);
        }
        Files.delete(dir.resolve("journal/integrity/signing.key"));
        assertThatThrownBy(() -> start(null)).hasMessageContaining("exists without its signing key");
        assertThat(VerifierKey.read(pub)).isEqualTo(first);
    }
}
