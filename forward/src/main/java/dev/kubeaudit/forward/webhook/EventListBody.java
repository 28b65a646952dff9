package dev.kubeaudit.forward.webhook;

import dev.kubeaudit.forward.ForwardedEvent;
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
        int size = HEAD.length + TAIL.length + Math.max(0, events.size() - 1);
        for (ForwardedEvent e : events) {
            byte[] line = e.line();
            size += startsWithPrefix(line) ? line.length - ITEM_PREFIX.length + 1 : line.length;
        }
        byte[] body = new byte[size];
        System.arraycopy(HEAD, 0, body, 0, HEAD.length);
        int at = HEAD.length;
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] line = events.get(i).line();
            if (startsWithPrefix(line)) {   // the item without its kind and apiVersion, as the apiserver posts it
                body[at++] = '{';
                System.arraycopy(line, ITEM_PREFIX.length, body, at, line.length - ITEM_PREFIX.length);
                at += line.length - ITEM_PREFIX.length;
            } else {
                System.arraycopy(line, 0, body, at, line.length);
                at += line.length;
            }
        }
        System.arraycopy(TAIL, 0, body, at, TAIL.length);
        return body;
    }

    private static boolean startsWithPrefix(byte[] line) {
        return line.length > ITEM_PREFIX.length
                && Arrays.equals(line, 0, ITEM_PREFIX.length, ITEM_PREFIX, 0, ITEM_PREFIX.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
