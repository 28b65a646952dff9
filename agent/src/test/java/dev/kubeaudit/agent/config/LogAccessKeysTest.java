package dev.kubeaudit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** log.group and log.fileMode as the loader reads them; whether the group exists is check-config's. */
class LogAccessKeysTest {
    @TempDir
    Path dir;

    @Test
    void byDefaultTheLogIsOwnerOnlyWithoutAGroup() throws Exception {
        AgentConfig.Log log = ConfigLoader.load(null, List.of()).log();
        assertThat(log.fileMode()).isEqualTo(0600);
        assertThat(log.group()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fileMode: 0640|416", "fileMode: 640|416", "fileMode: '0640'|416", "fileMode: 0600|384", "fileMode: \"600\"|384"})
    void fileModeIsReadAsOctalWrittenEitherWay(String line, int mode) throws Exception {
        assertThat(load("log:\n  " + line + "\n").fileMode()).isEqualTo(mode);
    }

    @Test
    void groupAndModeSurviveTheKubeFlags() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), "log:\n  group: adm\n  fileMode: 0640\n");
        AgentConfig.Log log = ConfigLoader.load(file, List.of("--audit-log-maxbackup=3")).log();
        assertThat(log.group()).isEqualTo("adm");
        assertThat(log.fileMode()).isEqualTo(0640);
        assertThat(log.maxBackup()).isEqualTo(3);
    }

    @Test
    void aNumericGidIsAGroup() throws Exception {
        assertThat(load("log:\n  group: 4\n").group()).isEqualTo("4");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "log:\\n  fileMode: 0644|2: log.fileMode: 0644 (expected: 0600 or 0640)",
            "log:\\n  fileMode: 0660|2: log.fileMode: 0660 (expected: 0600 or 0640)",
            "log:\\n  fileMode: rw-r-----|2: log.fileMode: rw-r----- (expected: 0600 or 0640)",
            "log:\\n  group: log readers|2: log.group: log readers (expected: a group name (letters, digits, '.', '_', '-') or a numeric gid)",
            "log:\\n  group: [adm]|2: log.group: a list (expected: a string)"})
    void otherValuesAreProblemsWithTheirLine(String yaml, String problem) throws Exception {
        Path file = Files.writeString(dir.resolve("agent.yaml"), yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":" + problem);
    }

    private AgentConfig.Log load(String yaml) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("agent.yaml"), yaml), List.of()).log();
    }
}
