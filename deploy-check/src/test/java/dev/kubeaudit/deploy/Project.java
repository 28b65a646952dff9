package dev.kubeaudit.deploy;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.ConfigException;
import dev.kubeaudit.agent.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What the deployment files must agree with, read from where it is decided: the production
 * configuration (by the agent's own loader), the JVM options of config/jvm.env, the launcher's flags,
 * the path the build writes the runnable jar to, the systemd unit's stop timeout, the project's
 * version. Stateless.
 */
final class Project {
    static final String CONFIG = "config/agent.yaml";
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Z_]+)=\"?([^\"\\n]*)\"?$", Pattern.MULTILINE);
    private static final Pattern LAUNCHER_FLAG = Pattern.compile("(?<=\\s)(-D\\S+|-XX:\\S+)");

    private Project() {
    }

    /** config/agent.yaml as the agent reads it, defaults applied. */
    static AgentConfig productionConfig() {
        try {
            return ConfigLoader.load(Repository.path(CONFIG), List.of());
        } catch (ConfigException e) {
            throw new IllegalStateException(CONFIG + " does not load: " + e.getMessage(), e);
        }
    }

    /** JAVA_OPTS of config/jvm.env, split at spaces. */
    static List<String> javaOpts() {
        return Arrays.asList(jvmEnv("JAVA_OPTS").split("\\s+"));
    }

    /** The -Xmx of config/jvm.env, in bytes. */
    static long maxHeapBytes() {
        String xmx = javaOpts().stream().filter(o -> o.startsWith("-Xmx")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("config/jvm.env: JAVA_OPTS has no -Xmx"));
        Matcher m = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)").matcher(xmx);
        if (!m.matches()) {
            throw new IllegalStateException("config/jvm.env: " + xmx + " (expected: -Xmx<number>[k|m|g])");
        }
        int shift = switch (m.group(2).toLowerCase()) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** A plain NAME=value (or NAME="value") line of config/jvm.env. */
    static String jvmEnv(String name) {
        Matcher m = ASSIGNMENT.matcher(Repository.read("config/jvm.env"));
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("config/jvm.env: no " + name + "=");
    }

    /** The -D and -XX: flags dist/src/bin/audit-agent gives java besides JAVA_OPTS. */
    static List<String> launcherFlags() {
        String script = Repository.read("dist/src/bin/audit-agent").lines()
                .filter(line -> !line.strip().startsWith("#")).reduce("", (a, b) -> a + "\n" + b);
        List<String> flags = LAUNCHER_FLAG.matcher(script).results().map(MatchResult::group).toList();
        if (flags.isEmpty()) {
            throw new IllegalStateException("dist/src/bin/audit-agent: no -D or -XX: flag found");
        }
        return flags;
    }

    /** Where the build writes audit-agent.jar, relative to the repository root: the shade execution of shipper/pom.xml. */
    static Path agentJar() {
        Path pom = Repository.path("shipper/pom.xml");
        try (InputStream in = Files.newInputStream(pom)) {
            NodeList executions = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("execution");
            for (int i = 0; i < executions.getLength(); i++) {
                Element execution = (Element) executions.item(i);
                if (text(execution, "id").equals("audit-agent-jar")) {
                    String output = text(execution, "outputFile").replace("${project.basedir}", "shipper");
                    return Path.of(output).normalize();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Read of " + pom + " failed", e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Parse of " + pom + " failed", e);
        }
        throw new IllegalStateException(pom + ": no execution 'audit-agent-jar'");
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
    }

    /** TimeoutStopSec= of systemd/audit-agent.service (seconds, as "20s" or "20"). */
    static Duration unitStopTimeout() {
        Matcher m = Pattern.compile("^TimeoutStopSec=(\\d+)s?$", Pattern.MULTILINE)
                .matcher(Repository.read("systemd/audit-agent.service"));
        if (!m.find()) {
            throw new IllegalStateException("systemd/audit-agent.service: no TimeoutStopSec=<seconds>");
        }
        return Duration.ofSeconds(Long.parseLong(m.group(1)));
    }

    /** The project's version, which the image tag carries (set by the module's surefire configuration). */
    static String version() {
        String version = System.getProperty("kubeaudit.version");
        if (version == null || version.isBlank() || version.contains("${")) {
            throw new IllegalStateException("System property kubeaudit.version is not set (run the tests through Maven)");
        }
        return version;
    }
}
