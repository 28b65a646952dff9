package dev.kubeaudit.forward.webhook;

import dev.kubeaudit.forward.ForwardedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The request body for a batch, as kube-apiserver posts it:
 * {@code {"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[…]}} and a
 * newline. Each item is the event's audit.log line with its leading
 * {@code {"kind":"Event","apiVersion":"audit.k8s.io/v1",} cut to {@code {} (list items carry no
 * type, and a receiving agent puts that prefix back, so its audit.log line equals ours); a line
 * without that exact prefix goes in unchanged. A pure function of the events: the same batch
 * always gives the same bytes, so a re-sent batch is byte-identical and a receiving agent
 * de-duplicates it by digest. Stateless.
 */
final class EventListBody {
    private static final byte[] HEAD = ascii("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
    private static final byte[] TAIL = ascii("]}\n");
    static final byte[] ITEM_PREFIX = ascii("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",");

    private EventListBody() {
    }

    static byte[] of(List<ForwardedEvent> events) {
        int size = HEAD.length + TAIL.length + events.size();
        for (ForwardedEvent e : events) {
            size += e.line().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(HEAD);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            byte[] line = events.get(i).line();
            if (startsWithPrefix(line)) {
                out.write('{');
                out.write(line, ITEM_PREFIX.length, line.length - ITEM_PREFIX.length);
            } else {
                out.writeBytes(line);
            }
        }
        out.writeBytes(TAIL);
        return out.toByteArray();
    }

    private static boolean startsWithPrefix(byte[] line) {
        return line.length > ITEM_PREFIX.length
                && Arrays.equals(line, 0, ITEM_PREFIX.length, ITEM_PREFIX, 0, ITEM_PREFIX.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
