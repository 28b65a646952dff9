package dev.kubeaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.logfile.LogFileAccess;
import dev.kubeaudit.agent.testing.TestConfigs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the agent turns its configuration into the settings of its components. */
class AgentSettingsTest {

    @ParameterizedTest
    @CsvSource({"0, 104857600", "-1, 0", "1, 1048576", "100, 104857600"})
    void theLogFileRotatesAtMaxSizeMiBWithZeroAsKubeApiserversDefaultAndMinusOneAsNoLimit(int maxSize,
                                                                                          long maxBytes) {
        AgentConfig c = TestConfigs.under(Path.of("data"));
        AgentConfig.Log g = c.log();
        AgentConfig config = new AgentConfig(c.cluster(), c.node(), c.listen(), c.journal(),
                new AgentConfig.Log(g.path(), g.maxAge(), g.maxBackup(), maxSize, g.compress(), g.compression(),
                        g.compressionLevel(), g.format(), g.rotateInterval()),
                c.policy(), c.ship(), c.metrics(), c.integrity());
        assertThat(Agent.writerSettings(config).file().maxBytes()).isEqualTo(maxBytes);
    }

    @Test
    void theLogFileGetsLogFileModeAndLogGroup() {
        AgentConfig c = TestConfigs.under(Path.of("data"));
        AgentConfig.Log g = c.log();
        AgentConfig config = new AgentConfig(c.cluster(), c.node(), c.listen(), c.journal(),
                new AgentConfig.Log(g.path(), g.maxAge(), g.maxBackup(), g.maxSize(), g.compress(), g.compression(),
                        g.compressionLevel(), g.format(), g.rotateInterval(), "adm", 0640),
                c.policy(), c.ship(), c.metrics(), c.integrity());
        assertThat(Agent.writerSettings(config).file().access()).isEqualTo(new LogFileAccess(0640, "adm"));
        assertThat(Agent.writerSettings(c).file().access()).isEqualTo(LogFileAccess.OWNER_ONLY);
    }
}
