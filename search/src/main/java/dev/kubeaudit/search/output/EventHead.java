package dev.kubeaudit.search.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;

/**
 * The top-level fields of an event line that {@link dev.kubeaudit.agent.tail.HumanLine} shows,
 * read without building the rest (request and response bodies are skipped, however large). The
 * line was checked when the agent received it, so Jackson's size limits are lifted. Stateless.
 */
final class EventHead {
    static final Set<String> FIELDS = Set.of("requestReceivedTimestamp", "stageTimestamp", "timestamp", "user", "verb",
            "objectRef", "requestURI", "responseStatus", "level", "stage");
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE).build())
            .build());

    private EventHead() {
    }

    static ObjectNode of(String line) throws IOException {
        ObjectNode head = MAPPER.createObjectNode();
        try (JsonParser p = MAPPER.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("An event line is no JSON object: it starts with " + p.currentToken());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (FIELDS.contains(name)) {
                    head.set(name, MAPPER.readTree(p));
                } else {
                    p.skipChildren();
                }
            }
        }
        return head;
    }
}
