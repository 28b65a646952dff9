package dev.kubeaudit.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code forward:} list: one map per destination, each with a unique name, exactly one
 * of {@code webhook} and {@code kafka}, its backlog bound and its batch limits. Whether a
 * kubeconfig can be used and whether Kafka properties are known is checked by {@code check-config}
 * through the forwarding module, which knows those formats. Stateless.
 */
final class ForwardSection {
    static final List<String> FORWARD = List.of("name", "webhook", "kafka", "maxBacklog", "onOverflow",
            "maxBatchEvents", "maxBatchBytes");
    static final List<String> WEBHOOK = List.of("kubeconfig", "timeout");
    static final List<String> KAFKA = List.of("bootstrapServers", "topic", "compression", "properties");
    static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "lz4", "zstd");
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";
    private static final String NAME_EXPECTED = "a unique name of 1-63 letters, digits, '_', '.' or '-'";
    private static final String BACKLOG_EXPECTED = "a byte size >= 1Mi such as 512Mi or 10Gi, or a duration > 0 such as 6h";

    private ForwardSection() {
    }

    static List<AgentConfig.Forward> forward(Section root) {
        List<AgentConfig.Forward> result = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (Section s : root.sections("forward", FORWARD)) {
            AgentConfig.Forward f = destination(s, names);
            if (f != null) {
                result.add(f);
            }
        }
        return result;
    }

    private static AgentConfig.Forward destination(Section s, Map<String, Integer> names) {
        String name = s.string("name", null);
        if (name == null || !name.matches(NAME)) {
            s.problem("name", NAME_EXPECTED);
            name = null;
        } else if (names.containsKey(name)) {
            s.problem("name", NAME_EXPECTED + " (also used on line " + names.get(name) + ")");
            name = null;
        } else {
            names.put(name, s.line("name"));
        }
        AgentConfig.Webhook webhook = s.has("webhook") ? webhook(s) : null;
        AgentConfig.Kafka kafka = s.has("kafka") ? kafka(s) : null;
        if (s.has("webhook") == s.has("kafka")) {
            s.problem(s.has("kafka") ? "kafka" : "webhook", "exactly one of webhook: {kubeconfig: FILE} and"
                    + " kafka: {bootstrapServers, topic}");
        }
        Backlog backlog = s.value("maxBacklog", new Backlog(AgentConfig.Forward.DEFAULT_MAX_BACKLOG_BYTES, Duration.ZERO),
                BACKLOG_EXPECTED, scalar -> Backlog.parse(scalar.text()));
        AgentConfig.Forward.Overflow overflow = s.choice("onOverflow", AgentConfig.Forward.Overflow.class,
                AgentConfig.Forward.Overflow.SKIP);
        int maxEvents = s.integer("maxBatchEvents", 1, 100_000, AgentConfig.Forward.DEFAULT_MAX_BATCH_EVENTS);
        long maxBytes = s.bytes("maxBatchBytes", 1024, 1L << 30, AgentConfig.Forward.DEFAULT_MAX_BATCH_BYTES);
        if (name == null || webhook == null && kafka == null || webhook != null && kafka != null) {
            return null;
        }
        return new AgentConfig.Forward(name, webhook, kafka, backlog.bytes(), backlog.age(), overflow, maxEvents, maxBytes);
    }

    /** forward[].maxBacklog: a byte size (at least 1 MiB) or an age (more than zero), never both. */
    private record Backlog(long bytes, Duration age) {
        static Backlog parse(String text) {
            if (text.matches("\\d+(Ki|Mi|Gi|Ti)?")) {
                long bytes = ByteSize.parse(text);
                if (bytes < 1L << 20) {
                    throw new IllegalArgumentException("below 1Mi");
                }
                return new Backlog(bytes, Duration.ZERO);
            }
            Duration age = GoDuration.parse(text);
            if (age.isZero()) {
                throw new IllegalArgumentException("zero");
            }
            return new Backlog(0, age);
        }
    }

    private static AgentConfig.Webhook webhook(Section forward) {
        Section s = forward.section("webhook", WEBHOOK);
        Path kubeconfig = s.path("kubeconfig", null);
        if (kubeconfig == null) {
            s.problem("kubeconfig", "the path of a kubeconfig file naming the webhook's server and credentials");
            return null;
        }
        Duration timeout = s.duration("timeout", AgentConfig.Webhook.DEFAULT_TIMEOUT);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            s.problem("timeout", "a duration from 1s to 10m");
            timeout = AgentConfig.Webhook.DEFAULT_TIMEOUT;
        }
        return new AgentConfig.Webhook(kubeconfig, timeout);
    }

    private static AgentConfig.Kafka kafka(Section forward) {
        Section s = forward.section("kafka", KAFKA);
        String servers = s.string("bootstrapServers", null);
        if (servers == null || !servers.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            s.problem("bootstrapServers", "host:port[,host:port…]");
            servers = null;
        }
        String topic = s.string("topic", null);
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            s.problem("topic", "a Kafka topic name of 1-249 letters, digits, '.', '_' or '-'");
            topic = null;
        }
        String compression = s.string("compression", "zstd");
        if (!COMPRESSIONS.contains(compression)) {
            s.problem("compression", "none, gzip, lz4 or zstd");
            compression = "zstd";
        }
        Map<String, String> properties = s.scalarMap("properties");
        return servers == null || topic == null ? null
                : new AgentConfig.Kafka(servers, topic, compression, properties);
    }
}
