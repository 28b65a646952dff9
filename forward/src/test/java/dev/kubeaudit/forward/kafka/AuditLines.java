package dev.kubeaudit.forward.kafka;

import dev.kubeaudit.forward.ForwardedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** audit.log lines as the log writer renders them (kind and apiVersion first, compact JSON), numbered. */
final class AuditLines {
    private AuditLines() {
    }

    /** Events {@code from} to {@code from + count - 1}; auditIDs {@code 00000000-0000-4000-8000-<n>}. */
    static List<ForwardedEvent> numbered(int from, int count) {
        List<ForwardedEvent> events = new ArrayList<>(count);
        for (int n = from; n < from + count; n++) {
            events.add(ForwardedEvent.ofJsonLine(line(n).getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    static String auditId(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    private static String line(int n) {
        return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\""
                + auditId(n) + "\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/namespaces/d\\u00e9mo/pods?limit="
                + n + "\",\"verb\":\"list\",\"user\":{\"username\":\"system:admin\",\"groups\":[\"system:masters\"]},"
                + "\"objectRef\":{\"auditID\":\"not-this-one\",\"resource\":\"pods\",\"namespace\":\"démo\"},"
                + "\"stageTimestamp\":\"2026-12-05T10:00:00.000000Z\"}";
    }
}
