package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.integrity.VerifierKey;
import dev.kubeaudit.agent.testing.StandardStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit-agent keygen}: a key pair written once, private 0600, public beside it. */
class KeygenTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void writesAPrivateKeyOnlyItsOwnerReadsAndItsPublicKeyBeside() throws Exception {
        Path out = dir.resolve("signing");
        assertThat(Main.execute("keygen", "--out", out.toString(), "--name", "prod-control-plane")).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        SigningKey key = SigningKey.read(out);
        VerifierKey pub = VerifierKey.read(dir.resolve("signing.pub"));
        assertThat(pub).isEqualTo(key.verifierKey());
        assertThat(pub.name()).isEqualTo("prod-control-plane");
        assertThat(streams.out()).contains(pub.encoded()).contains("integrity.signingKeyFile");
        assertThat(Files.readString(out)).doesNotContain(pub.encoded());
    }

    @Test
    void neverReplacesAKeyAndRefusesBadArguments() throws Exception {
        Path out = dir.resolve("signing");
        assertThat(Main.execute("keygen", "--out", out.toString())).isZero();
        String before = Files.readString(out);
        assertThat(Main.execute("keygen", "--out", out.toString())).isEqualTo(1);
        assertThat(streams.err()).contains(out + ": exists");
        assertThat(Files.readString(out)).isEqualTo(before);
        assertThat(Main.execute("keygen", "--out", out.toString(), "--name", "a b")).isEqualTo(2);
        assertThat(streams.err()).contains("--name: key name: 'a b'");
        assertThat(Main.execute("keygen", "--out", dir.resolve("missing/key").toString())).isEqualTo(2);
        assertThat(streams.err()).contains("does not exist");
        assertThat(Main.execute("keygen")).isEqualTo(2);
    }

    @Test
    void checkConfigRefusesASigningKeyOthersCanReadOrThatIsNoKey() throws Exception {
        Path key = dir.resolve("signing");
        assertThat(Main.execute("keygen", "--out", key.toString())).isZero();
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "integrity:\n  signingKeyFile: " + key + "\nship:\n  destination: none\n");
        assertThat(Main.execute("check-config", "--config", config.toString())).isZero();

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Main.execute("check-config", "--config", config.toString())).isEqualTo(2);
        assertThat(streams.err()).contains("integrity.signingKeyFile: '" + key + "' is open to group or others");

        Files.writeString(config, "integrity:\n  signingKeyFile: " + dir.resolve("signing.pub") + "\n");
        Files.setPosixFilePermissions(dir.resolve("signing.pub"), PosixFilePermissions.fromString("rw-------"));
        assertThat(Main.execute("check-config", "--config", config.toString())).isEqualTo(2);
        assertThat(streams.err()).contains("is not a usable signing key: ").contains("not a private key");
    }
}
