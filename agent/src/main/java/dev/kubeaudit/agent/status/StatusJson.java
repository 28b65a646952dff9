package dev.kubeaudit.agent.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * An {@link AgentStatus} and its {@link Health} as one JSON object with stable field names (listed
 * in README "Operations"): {@code url}, {@code reachable}, {@code healthy}, {@code ready},
 * {@code version}, {@code revision}, {@code java}, {@code cluster}, {@code node},
 * {@code uptimeSeconds}, {@code events}, {@code journal}, {@code shipping}, {@code lastHour},
 * {@code certificate}, {@code integrity}, {@code forward} (one object per destination),
 * {@code problems}, {@code warnings}. A value not known is
 * null; times are ISO-8601 UTC. Stateless.
 */
public final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {
    }

    public static String render(AgentStatus s, Health health) {
        ObjectNode root = JSON.createObjectNode();
        root.put("url", s.url());
        root.put("reachable", s.reached());
        root.put("healthy", health.healthy());
        if (s.reached()) {
            parts(s, root);
        } else {
            for (String field : List.of("ready", "version", "revision", "java", "cluster", "node", "uptimeSeconds",
                    "events", "journal", "shipping", "lastHour", "certificate", "integrity")) {
                root.putNull(field);
            }
            root.putArray("forward");
        }
        health.problems().forEach(root.putArray("problems")::add);
        health.warnings().forEach(root.putArray("warnings")::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of a status tree failed: " + e.getMessage(), e);
        }
    }

    private static void parts(AgentStatus s, ObjectNode root) {
        root.put("ready", s.readiness().ready());
        root.put("version", s.build().version());
        root.put("revision", s.build().revision());
        root.put("java", s.build().java());
        root.put("cluster", s.build().cluster());
        root.put("node", s.build().node());
        number(root, "uptimeSeconds", s.uptimeSeconds());
        ObjectNode events = root.putObject("events");
        number(events, "receivedPerSecond", s.events().receivedPerSecond());
        number(events, "writtenPerSecond", s.events().writtenPerSecond());
        number(events, "receivedTotal", s.events().receivedTotal());
        number(events, "writtenTotal", s.events().writtenTotal());
        ObjectNode journal = root.putObject("journal");
        number(journal, "backlogEvents", s.journal().backlogEvents());
        number(journal, "backlogBytes", s.journal().backlogBytes());
        number(journal, "backlogAgeSeconds", s.journal().backlogAgeSeconds());
        journal.put("writerStalled", s.journal().writerStalled());
        shipping(s.shipping(), root);
        ObjectNode lastHour = root.putObject("lastHour");
        number(lastHour, "refusedRequests", s.lastHour().refusedRequests());
        number(lastHour, "authFailures", s.lastHour().authFailures());
        if (s.certificate() == null) {
            root.putNull("certificate");
        } else {
            ObjectNode certificate = root.putObject("certificate");
            certificate.put("expiry", time(s.certificate().expiry()));
            number(certificate, "expiresInSeconds", s.certificate().expiresInSeconds());
        }
        if (s.integrity() == null) {
            root.putNull("integrity");
        } else {
            ObjectNode integrity = root.putObject("integrity");
            integrity.put("lastCheckpoint", time(s.integrity().lastCheckpoint()));
            number(integrity, "lastCheckpointAgeSeconds", s.integrity().lastCheckpointAgeSeconds());
        }
        forward(s.forward(), root);
    }

    private static void forward(List<ForwardStatus> destinations, ObjectNode root) {
        ArrayNode forward = root.putArray("forward");
        for (ForwardStatus f : destinations) {
            ObjectNode d = forward.addObject();
            d.put("destination", f.destination());
            number(d, "sentEvents", f.sentEvents());
            number(d, "sentBytes", f.sentBytes());
            number(d, "sentPerSecond", f.sentPerSecond());
            number(d, "backlogEvents", f.backlogEvents());
            number(d, "backlogBytes", f.backlogBytes());
            number(d, "backlogAgeSeconds", f.backlogAgeSeconds());
            d.put("lastSuccess", time(f.lastSuccess()));
            number(d, "lastSuccessAgeSeconds", f.lastSuccessAgeSeconds());
            number(d, "droppedEvents", f.droppedEvents());
            number(d, "consecutiveFailures", f.consecutiveFailures());
            ObjectNode failures = d.putObject("failures");
            f.failures().forEach((reason, n) -> number(failures, reason, n));
        }
    }

    private static void shipping(AgentStatus.Shipping p, ObjectNode root) {
        if (p == null) {
            root.putNull("shipping");
            return;
        }
        ObjectNode shipping = root.putObject("shipping");
        number(shipping, "segmentsPending", p.segmentsPending());
        number(shipping, "oldestPendingAgeSeconds", p.oldestPendingAgeSeconds());
        shipping.put("lastSuccess", time(p.lastSuccess()));
        number(shipping, "lastSuccessAgeSeconds", p.lastSuccessAgeSeconds());
        number(shipping, "uploadFailuresInARow", p.uploadFailuresInARow());
        ObjectNode failures = shipping.putObject("failures");
        p.failures().forEach((reason, n) -> number(failures, reason, n));
    }

    /** A whole number without a fraction, others as they are; null as null. */
    private static void number(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(field, value.longValue());
        } else {
            node.put(field, value);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
