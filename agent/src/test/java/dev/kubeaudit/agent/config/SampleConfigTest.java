package dev.kubeaudit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * config/agent-quickstart.yaml is the operator's reference (it is the defaults), config/agent.yaml
 * the production example and config/shipper.yaml the standalone shipper's: they load and name every key.
 */
class SampleConfigTest {
    private static final Map<String, List<String>> SECTIONS = Map.ofEntries(
            Map.entry("", ConfigLoader.ROOT_KEYS), Map.entry("listen", Sections.LISTEN),
            Map.entry("listen.tls", Sections.TLS), Map.entry("journal", Sections.JOURNAL), Map.entry("log", Sections.LOG),
            Map.entry("policy", Sections.POLICY), Map.entry("ship", Sections.SHIP),
            Map.entry("ship.objectLock", Sections.OBJECT_LOCK), Map.entry("ship.retry", Sections.RETRY),
            Map.entry("metrics", Sections.METRICS), Map.entry("integrity", Sections.INTEGRITY),
            Map.entry("logging", Sections.LOGGING));
    /** Keys whose value is a map of names the file chooses (a sample writes some of them). */
    private static final Set<String> NAMED_MAPS = Set.of("logging.level");

    @Test
    void theSampleLoadsWithoutProblemsAndIsExactlyTheDefaults() throws Exception {
        assertThat(ConfigLoader.load(configDir().resolve("agent-quickstart.yaml"), List.of()))
                .isEqualTo(AgentConfig.defaults());
    }

    @Test
    void theSamplesWriteEveryKey() throws IOException {
        for (String name : List.of("agent-quickstart.yaml", "agent.yaml")) {
            Problems problems = new Problems(name);
            ConfigNode root = YamlDocument.parse(Files.readString(configDir().resolve(name)), problems);
            assertThat(problems.list()).as(name).isEmpty();
            assertThat(keyPaths("", root)).as(name).containsExactlyInAnyOrderElementsOf(allKeys());
        }
    }

    @Test
    void theProductionSampleServesTlsWithClientCertificatesAndTheRecommendedRetention() throws Exception {
        AgentConfig production = ConfigLoader.load(configDir().resolve("agent.yaml"), List.of());
        assertThat(production.listen().tls().clientCAFile()).isNotNull();
        assertThat(production.listen().tls().allowedClientNames()).containsExactly("kube-apiserver-audit");
        assertThat(List.of(production.log().maxAge(), production.log().maxBackup(), production.log().maxSize()))
                .containsExactly(30, 10, 100);
        assertThat(production.ship().destination()).asString().startsWith("s3://");
    }

    @Test
    void theShipperSampleLoads() throws Exception {
        AgentConfig shipper = ConfigLoader.load(configDir().resolve("shipper.yaml"), List.of());
        assertThat(shipper.log().path()).isEqualTo(Path.of("/var/log/kubernetes/audit/audit.log"));
    }

    @Test
    void theReadmeConfigurationTableHasARowForEveryKey() throws IOException {
        String reference = Files.readString(configDir().resolve("../README.md"));
        assertThat(allKeys()).allSatisfy(key -> assertThat(reference).contains("| `" + key + "` |"));
    }

    private static List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        SECTIONS.forEach((section, names) -> names.stream()
                .map(name -> section.isEmpty() ? name : section + "." + name)
                .filter(path -> !SECTIONS.containsKey(path))
                .forEach(keys::add));
        return keys;
    }

    private static List<String> keyPaths(String prefix, ConfigNode node) {
        List<String> paths = new ArrayList<>();
        if (node instanceof ConfigNode.Mapping mapping) {
            for (ConfigNode.Entry entry : mapping.entries().values()) {
                String path = prefix.isEmpty() ? entry.key() : prefix + "." + entry.key();
                if (entry.value() instanceof ConfigNode.Mapping && !NAMED_MAPS.contains(path)) {
                    paths.addAll(keyPaths(path, entry.value()));
                } else {
                    paths.add(path);
                }
            }
        }
        return paths;
    }

    /** The project's config/ folder, found by walking up from the working directory. */
    static Path configDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("config/agent.yaml"))) {
                return p.resolve("config");
            }
        }
        throw new IllegalStateException("config/agent.yaml not found above " + here);
    }
}
