package dev.kubeaudit.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Builds the {@link AgentConfig} from the YAML file (optional) and kube-apiserver's
 * {@code --audit-log-*} flags, which override the file. Every unknown key, wrong type and
 * impossible value is collected and reported at once in one {@link ConfigException}, each as
 * {@code FILE:LINE: key.path: value (expected: …)}. Absent or null keys take the defaults of
 * {@link AgentConfig#defaults()}; paths stay relative as written. A few rules depend on who uses
 * the configuration ({@link Role}). Stateless; safe from any thread.
 */
public final class ConfigLoader {
    /**
     * Who reads the configuration: the agent, which writes the log itself, or the standalone
     * shipper ({@code audit-agent ship}), which ships another writer's backups and so ignores the
     * log.* keys but path and compress (see {@link LayoutRules}).
     */
    public enum Role { AGENT, STANDALONE_SHIPPER }

    static final List<String> ROOT_KEYS =
            List.of("cluster", "node", "listen", "journal", "log", "policy", "ship", "metrics", "integrity",
                    "logging", "forward");
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
    private static final String NAME_EXPECTED = "a name of letters, digits, '.', '_' or '-'";

    private ConfigLoader() {
    }

    /** The agent's configuration: {@link #load(Path, List, Role)} with {@link Role#AGENT}. */
    public static AgentConfig load(Path fileOrNull, List<String> kubeFlags) throws ConfigException {
        return load(fileOrNull, kubeFlags, Role.AGENT);
    }

    /**
     * @param fileOrNull the YAML file, or null for all defaults
     * @param kubeFlags  only {@code --audit-log-path|maxage|maxbackup|maxsize|compress|format} flags
     * @param role       who reads it: the rules that depend on it are checked for that one
     */
    public static AgentConfig load(Path fileOrNull, List<String> kubeFlags, Role role) throws ConfigException {
        Problems problems = new Problems(fileOrNull == null ? "(defaults)" : fileOrNull.toString());
        ConfigNode root = fileOrNull == null ? null : read(fileOrNull, problems);
        Section rootSection = Section.root(root, problems, ROOT_KEYS);
        AgentConfig config = fromFile(rootSection);
        LayoutRules.check(rootSection, config, role);
        AgentConfig.Log log = KubeFlags.parse(kubeFlags, problems).applyTo(config.log(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list());
        }
        return new AgentConfig(config.cluster(), config.node(), config.listen(), config.journal(), log,
                config.policy(), config.ship(), config.metrics(), config.integrity(), config.logging(), config.forward());
    }

    private static ConfigNode read(Path file, Problems problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.other(file + ": config file not found (working directory "
                    + Path.of("").toAbsolutePath() + ")");
            return null;
        } catch (IOException | RuntimeException e) {
            problems.other(file + ": cannot read config file: " + e);
            return null;
        }
        return YamlDocument.parse(text, problems);
    }

    private static AgentConfig fromFile(Section root) {
        AgentConfig d = AgentConfig.defaults();
        String cluster = name(root, "cluster", d.cluster());
        String node = name(root, "node", d.node());
        AgentConfig.Listen listen = Sections.listen(root, d.listen());
        AgentConfig.Metrics metrics = Sections.metrics(root, d.metrics(), listen);
        return new AgentConfig(cluster, node, listen, Sections.journal(root, d.journal()),
                Sections.log(root, d.log()), Sections.policy(root, d.policy()),
                Sections.ship(root, d.ship()), metrics, Sections.integrity(root, d.integrity()),
                Sections.logging(root, d.logging()), ForwardSection.forward(root));
    }

    /** A name used in object keys and metric labels: no slashes, no spaces. */
    static String name(Section section, String key, String dflt) {
        String value = section.string(key, dflt);
        if (!value.matches(NAME)) {
            section.problem(key, NAME_EXPECTED);
            return dflt;
        }
        return value;
    }

    static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }
}
