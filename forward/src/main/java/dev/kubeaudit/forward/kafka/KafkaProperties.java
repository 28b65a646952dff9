package dev.kubeaudit.forward.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Checks a destination's client {@code properties}: every name must be a Kafka producer setting
 * (the producer's own, SSL's or SASL's), none may be one the destination sets itself, and every
 * value must parse as its setting's type. Stateless; thread-safe.
 */
public final class KafkaProperties {
    /** Set by the destination from its own keys or fixed for its guarantees: never from properties. */
    static final Map<String, String> RESERVED = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "use bootstrapServers",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "use compression",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "use deliveryTimeout",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "follows deliveryTimeout",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "follows deliveryTimeout",
            ProducerConfig.ACKS_CONFIG, "always all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "always true",
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "records are not sent in transactions",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "keys are the auditID's bytes",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "values are the audit.log line's bytes");

    private static final Set<String> KNOWN = knownNames();

    private KafkaProperties() {
    }

    /**
     * What is wrong with {@code properties}, one message per name ({@code properties: <name>: reason}),
     * in name order; empty when nothing is.
     */
    public static List<String> problems(Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> known = new TreeMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(properties).entrySet()) {
            String name = entry.getKey();
            if (RESERVED.containsKey(name)) {
                problems.add("properties: " + name + ": set by the destination (" + RESERVED.get(name) + ")");
            } else if (!KNOWN.contains(name)) {
                problems.add("properties: " + name + ": unknown Kafka producer setting");
            } else {
                known.put(name, entry.getValue());
            }
        }
        for (Map.Entry<String, Object> entry : known.entrySet()) {
            String problem = valueProblem(entry.getKey(), entry.getValue());
            if (problem != null) {
                problems.add("properties: " + entry.getKey() + ": " + problem);
            }
        }
        return problems;
    }

    private static String valueProblem(String name, Object value) {
        Map<String, Object> one = new TreeMap<>();
        one.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        one.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        one.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        one.put(name, value);
        try {
            ProducerConfig.configDef().parse(one);
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    private static Set<String> knownNames() {
        Set<String> names = new TreeSet<>(ProducerConfig.configNames());
        ConfigDef security = new ConfigDef();
        SslConfigs.addClientSslSupport(security);
        SaslConfigs.addClientSaslSupport(security);
        names.addAll(security.names());
        return Set.copyOf(names);
    }
}
