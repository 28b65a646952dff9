package dev.kubeaudit.agent.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeaudit.agent.durable.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The verifier's memory between runs ({@code --state FILE}): per node, the newest checkpoint a
 * clean run saw (size, root, time), so that a later run notices an archive rolled back to an older
 * state. JSON, {@code {"format":1,"nodes":{"<cluster>/<node>":{"size":…,"root":"<base64>","time":"…"}}}},
 * replaced atomically and durably. Immutable.
 */
public record VerifierState(Map<String, Entry> nodes) {
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A remembered checkpoint. */
    public record Entry(long size, byte[] root, Instant time) {
        public Entry {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(time, "time");
        }
    }

    public static final VerifierState EMPTY = new VerifierState(Map.of());

    public VerifierState {
        nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
    }

    /** The state in {@code file}; EMPTY when there is no such file (the first run). */
    public static VerifierState read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            throw new IOException("Read of verifier state " + file + " failed: " + e, e);
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.path("format").asInt(-1) != FORMAT || !root.path("nodes").isObject()) {
                throw new IllegalArgumentException("expected {\"format\":1,\"nodes\":{…}}");
            }
            Map<String, Entry> nodes = new TreeMap<>();
            var fields = root.path("nodes").fields();
            while (fields.hasNext()) {
                var f = fields.next();
                JsonNode n = f.getValue();
                if (!n.path("size").canConvertToLong() || !n.path("root").isTextual() || !n.path("time").isTextual()) {
                    throw new IllegalArgumentException("node '" + f.getKey() + "': expected size, root and time");
                }
                nodes.put(f.getKey(), new Entry(n.path("size").asLong(), Base64.getDecoder().decode(n.path("root").asText()),
                        Instant.parse(n.path("time").asText())));
            }
            return new VerifierState(nodes);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Verifier state " + file + " is not one: " + e.getMessage(), e);
        }
    }

    /** Writes this state to {@code file}: temp, fsync, rename, fsync of the folder. */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode out = root.putObject("nodes");
        nodes.forEach((node, e) -> {
            ObjectNode n = out.putObject(node);
            n.put("size", e.size());
            n.put("root", Base64.getEncoder().encodeToString(e.root()));
            n.put("time", e.time().toString());
        });
        try {
            DurableFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new IOException("Write of verifier state " + file + " failed: " + e.getMessage(), e);
        }
    }

    public Entry get(String node) {
        return nodes.get(node);
    }

    /** This state with {@code updates} replacing the entries of their nodes. */
    public VerifierState with(Map<String, Entry> updates) {
        Map<String, Entry> merged = new TreeMap<>(nodes);
        merged.putAll(updates);
        return new VerifierState(merged);
    }
}
