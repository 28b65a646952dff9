package dev.kubeaudit.agent.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Copies events from a source to a writer: those the filter passes, as human lines or as their
 * JSON line. Without following it stops at the first moment nothing more is there; following, it
 * polls every {@code pollMillis} until {@code stop} says so (or forever), flushing whenever it
 * waits. A line that is not a JSON object is shown as it is when no filter is set. Not thread-safe.
 */
public final class Tail {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Output { HUMAN, JSON }

    private final EventFilter filter;
    private final Output output;

    public Tail(EventFilter filter, Output output) {
        this.filter = filter;
        this.output = output;
    }

    /** Returns the number of events written. */
    public long run(EventSource source, Writer out, boolean follow, long pollMillis, BooleanSupplier stop)
            throws IOException, InterruptedException {
        long written = 0;
        while (!stop.getAsBoolean()) {
            byte[] event = source.next();
            if (event == null) {
                out.flush();
                if (!follow || source.finite()) {
                    return written;
                }
                Thread.sleep(pollMillis);
                continue;
            }
            String line = line(event);
            if (line != null) {
                out.write(line);
                out.write('\n');
                written++;
            }
        }
        out.flush();
        return written;
    }

    private String line(byte[] event) {
        JsonNode node;
        try {
            node = JSON.readTree(event);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return filter.isEmpty() ? new String(event, StandardCharsets.UTF_8) : null;
        }
        if (!filter.matches(node)) {
            return null;
        }
        return output == Output.JSON ? new String(event, StandardCharsets.UTF_8) : HumanLine.of(node);
    }
}
