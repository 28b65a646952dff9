package dev.kubeaudit.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.lifecycle.StartupException;
import dev.kubeaudit.agent.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line and exit status of failures a test cannot easily cause for real (a store client that cannot be built, …). */
class StartupFailureTest {
    @TempDir
    Path dir;

    @Test
    void aStoreClientThatCannotBeBuiltNamesTheDestination() {
        AgentConfig config = TestConfigs.withDestination(TestConfigs.under(dir), "s3://audit/prod");
        StartupFailure failure = StartupFailure.of(new StartupException("ship.destination", "s3://audit/prod",
                new IllegalStateException("Unable to load credentials from any of the providers")), config);
        assertThat(failure).isEqualTo(new StartupFailure("ship.destination s3://audit/prod: Unable to load credentials"
                + " from any of the providers (check ship.destination, ship.endpoint, ship.region and the store's"
                + " credentials)", 2));
    }

    @Test
    void aFileInsideTheJournalIsTheJournalDirectorys() {
        AgentConfig config = TestConfigs.under(dir);
        Path file = config.journal().dir().resolve("integrity/gaps");
        StartupFailure failure = StartupFailure.of(new IOException("Open of gaps failed",
                new AccessDeniedException(file.toString())), config);
        assertThat(failure.status()).isEqualTo(2);
        assertThat(failure.line()).isEqualTo("journal.dir " + config.journal().dir() + ": " + file
                + ": permission denied to user '" + System.getProperty("user.name") + "' (let user '"
                + System.getProperty("user.name") + "' write there, or correct journal.dir)");
    }

    @Test
    void aMissingSigningKeySaysHowToMakeOne() {
        Path key = dir.resolve("signing.key");
        AgentConfig config = TestConfigs.withIntegrity(TestConfigs.under(dir),
                new AgentConfig.Integrity(true, key, AgentConfig.defaults().integrity().checkpointInterval()));
        StartupFailure failure = StartupFailure.of(new StartupException("ship.destination", "file:x",
                new IOException("no key", new NoSuchFileException(key.toString()))), config);
        assertThat(failure).isEqualTo(new StartupFailure("integrity.signingKeyFile " + key + ": no such file (make one"
                + " with `audit-agent keygen --out " + key + "`, or empty integrity.signingKeyFile to sign with a key the"
                + " agent generates)", 2));
    }

    @Test
    void aFileNoKeyNamesIsNotAConfigurationError() {
        StartupFailure failure = StartupFailure.of(new IOException("Read of /etc/machine-id failed",
                new NoSuchFileException("/etc/machine-id")), TestConfigs.under(dir));
        assertThat(failure).isEqualTo(new StartupFailure("/etc/machine-id: no such file or directory (Read of"
                + " /etc/machine-id failed; --debug prints the stack trace)", 1));
    }

    @Test
    void anythingElseIsItsMessagesAndType() {
        StartupFailure failure = StartupFailure.of(new IllegalStateException("queue is corrupt",
                new IllegalArgumentException("bad header")), TestConfigs.under(dir));
        assertThat(failure).isEqualTo(new StartupFailure("queue is corrupt: bad header (java.lang.IllegalStateException;"
                + " --debug prints the stack trace)", 1));
    }
}
