package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.config.AgentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the chain sealer does ({@code integrity.*}): nothing unless {@code enabled}; signs with the
 * key in {@code signingKeyFile} (null: a key of its own under the state directory); publishes a
 * checkpoint at least every {@code checkpointInterval}; {@code journalIntegrityDir} is where the
 * agent's log writer records each segment's journal indexes ({@code <journal.dir>/integrity}),
 * null for the standalone shipper, whose segments come from another writer. Immutable.
 */
public record IntegritySettings(boolean enabled, Path signingKeyFile, Duration checkpointInterval,
                                Path journalIntegrityDir) {
    /** No manifests, chain or checkpoints: shipping as it was before integrity existed. */
    public static final IntegritySettings OFF = new IntegritySettings(false, null, Duration.ofMinutes(5), null);

    /** The folder under the state directory that holds the chain's state, keys and inbox. */
    public static final String DIRECTORY = "integrity";

    public IntegritySettings {
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (checkpointInterval.isZero() || checkpointInterval.isNegative()) {
            throw new IllegalArgumentException("checkpointInterval: " + checkpointInterval + " (expected: > 0)");
        }
    }

    /** The settings of the shipper inside the agent: segment journal indexes from journal.dir. */
    public static IntegritySettings agent(AgentConfig config) {
        AgentConfig.Integrity i = config.integrity();
        return new IntegritySettings(i.enabled(), i.signingKeyFile(), i.checkpointInterval(),
                config.journal().dir().resolve(DIRECTORY));
    }

    /** The settings of the standalone shipper: no journal, so no journal indexes. */
    public static IntegritySettings standalone(AgentConfig config) {
        AgentConfig.Integrity i = config.integrity();
        return new IntegritySettings(i.enabled(), i.signingKeyFile(), i.checkpointInterval(), null);
    }

    /** True for the shipper inside the agent, which knows each segment's journal indexes. */
    public boolean agentMode() {
        return journalIntegrityDir != null;
    }
}
