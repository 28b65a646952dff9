package dev.kubeaudit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.StandardStreams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ship.layout and what the hive layout asks of log.rotateInterval and node, each problem at its line. */
class LayoutRulesTest {
    private static final String ROTATE_EXPECTED = "(expected: set and <= 24h with ship.layout: hive, so that an event"
            + " under dt=D was written on day D-1 or D)";

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void hiveWithADailyRotationLoads() throws Exception {
        AgentConfig config = ConfigLoader.load(write("node: cp-1\nlog:\n  rotateInterval: 24h\nship:\n  layout: hive\n"),
                List.of());
        assertThat(config.ship().layout()).isEqualTo(AgentConfig.Layout.HIVE);
        assertThat(config.log().rotateInterval()).isEqualTo(Duration.ofHours(24));
        assertThat(ConfigLoader.load(write("ship:\n  layout: DEFAULT\n"), List.of()).ship().layout())
                .isEqualTo(AgentConfig.Layout.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ship:\\n  layout: parquet                                    | 2: ship.layout: parquet (expected: default or hive)",
            "ship:\\n  layout: hive                                       | 2: log.rotateInterval: (not set) " + ROTATE_EXPECTED,
            "log:\\n  rotateInterval: 0\\nship:\\n  layout: hive          | 2: log.rotateInterval: 0 " + ROTATE_EXPECTED,
            "log:\\n  rotateInterval: 25h\\nship:\\n  layout: hive        | 2: log.rotateInterval: 25h " + ROTATE_EXPECTED,
            "log:\\n  rotateInterval: 2d\\nship:\\n  layout: hive         | 2: log.rotateInterval: 2d " + ROTATE_EXPECTED,
            "log:\\n  path: a.log\\nship:\\n  layout: hive                | 4: log.rotateInterval: (not set) " + ROTATE_EXPECTED,
            "log:\\n  rotateInterval: soon\\nship:\\n  layout: hive       | 2: log.rotateInterval: soon (expected: a duration >= 0 such as 0, 500ms, 30s, 10m, 1h30m or 2d)",
            "node: cp_1\\nlog:\\n  rotateInterval: 1h\\nship:\\n  layout: hive | 1: node: cp_1 (expected: a name without '_' with ship.layout: hive (segments are keyed <node>_<backup>))",
    })
    void problemsNameTheLineOfTheKeyOrElseOfShipLayout(String yaml, String expected) throws IOException {
        Path file = write(yaml.replace("\\n", "\n") + "\n");
        assertThat(ConfigLoaderProblemsTest.problems(file, List.of())).containsExactly(file + ":" + expected);
    }

    @Test
    void bothRulesAreReportedTogetherWithTheOtherProblems() throws IOException {
        Path file = write(String.join("\n", "node: a_b", "log:", "  maxAge: -1", "  rotateInterval: 48h", "ship:",
                "  layout: hive", ""));
        assertThat(ConfigLoaderProblemsTest.problems(file, List.of())).containsExactly(
                file + ":1: node: a_b (expected: a name without '_' with ship.layout: hive (segments are keyed"
                        + " <node>_<backup>))",
                file + ":3: log.maxAge: -1 (expected: an integer >= 0)",
                file + ":4: log.rotateInterval: 48h " + ROTATE_EXPECTED);
    }

    @Test
    void theStandaloneShipperNeedsNoRotateIntervalButANodeWithoutUnderscore() throws Exception {
        Path file = write("node: cp-1\nship:\n  layout: hive\n  destination: none\n");
        assertThat(ConfigLoader.load(file, List.of(), ConfigLoader.Role.STANDALONE_SHIPPER).ship().layout())
                .isEqualTo(AgentConfig.Layout.HIVE);
        Path underscore = write("node: cp_1\nship:\n  layout: hive\n");
        List<String> problems = new ArrayList<>();
        try {
            ConfigLoader.load(underscore, List.of(), ConfigLoader.Role.STANDALONE_SHIPPER);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        assertThat(problems).singleElement().asString().startsWith(underscore + ":1: node: cp_1 (expected: a name"
                + " without '_'");
    }

    @Test
    void checkConfigChecksTheAgentOrWithStandaloneTheShippersRules() throws Exception {
        Path file = write("node: cp-1\nship:\n  layout: hive\n  destination: none\n");
        assertThat(Main.execute("check-config", "--config", file.toString())).isEqualTo(2);
        assertThat(streams.err()).contains(file + ":3: log.rotateInterval: (not set) " + ROTATE_EXPECTED);
        assertThat(Main.execute("check-config", "--standalone", "--config", file.toString())).isZero();
        assertThat(streams.out()).contains(file + ": ok");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), yaml);
    }
}
