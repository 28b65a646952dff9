package dev.kubeaudit.agent.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies a {@link Policy} to one audit event by editing its bytes as received. The event is
 * dropped when the decided level is None or its stage is omitted. Otherwise the effective level is
 * the lower of the decided level and the event's own (the agent never adds what kube-apiserver did
 * not send): below Request the {@code requestObject} field is cut, below RequestResponse the
 * {@code responseObject} field, with omitManagedFields the {@code metadata.managedFields} fields of
 * the bodies kept, and the {@code level} value is rewritten when it changes. A cut field takes one
 * adjacent comma with it; every other byte stays as it was, and an event with nothing to change is
 * returned as the same array. Stateless; thread-safe.
 */
public final class EventEditor {
    /** Why an event was dropped; the label is used in metrics. */
    public enum Drop {
        LEVEL_NONE("level_none"),
        STAGE("stage");

        private final String label;

        Drop(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The outcome for one event: {@code event} is the bytes to keep (null when dropped), {@code drop}
     * why it was dropped (null when kept), {@code level} the effective level (None when dropped).
     */
    public record Applied(byte[] event, Drop drop, Decision decision, Level level) {
    }

    private record Edit(int start, int end, byte[] replacement) {
        boolean isCut() {
            return replacement == null;
        }
    }

    private EventEditor() {
    }

    /** Decides and edits one event (compact or not); IllegalArgumentException when it is not a JSON object. */
    public static Applied apply(Policy policy, byte[] event) {
        EventView view = EventView.of(event);
        Decision decision = policy.decide(view.attributes());
        if (decision.level() == Level.NONE) {
            return new Applied(null, Drop.LEVEL_NONE, decision, Level.NONE);
        }
        if (decision.omitStages().contains(view.stage)) {
            return new Applied(null, Drop.STAGE, decision, Level.NONE);
        }
        Level received = Level.of(view.levelText);
        Level effective = decision.level().atMost(received == null ? Level.REQUEST_RESPONSE : received);
        List<Edit> edits = edits(view, decision, effective, received);
        return new Applied(edits.isEmpty() ? event : edit(event, edits), null, decision, effective);
    }

    private static List<Edit> edits(EventView view, Decision decision, Level effective, Level received) {
        List<Edit> edits = new ArrayList<>();
        if (effective != received && view.levelValue != null) {
            byte[] quoted = ("\"" + effective.wireName() + "\"").getBytes(StandardCharsets.UTF_8);
            edits.add(new Edit(view.levelValue.start(), view.levelValue.end(), quoted));
        }
        body(edits, view.requestObject, view.requestManagedFields, effective.compareTo(Level.REQUEST) >= 0,
                decision.omitManagedFields());
        body(edits, view.responseObject, view.responseManagedFields, effective == Level.REQUEST_RESPONSE,
                decision.omitManagedFields());
        return edits;
    }

    private static void body(List<Edit> edits, EventView.Range field, List<EventView.Range> managedFields,
                             boolean keep, boolean omitManagedFields) {
        if (field == null) {
            return;
        }
        if (!keep) {
            edits.add(new Edit(field.start(), field.end(), null));
        } else if (omitManagedFields) {
            for (EventView.Range managed : managedFields) {
                edits.add(new Edit(managed.start(), managed.end(), null));
            }
        }
    }

    /** Applies the edits from the last to the first, so that earlier offsets stay valid. */
    private static byte[] edit(byte[] event, List<Edit> edits) {
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        byte[] current = event;
        for (Edit e : edits) {
            int start = e.start();
            int end = e.end();
            if (e.isCut()) {
                int before = skipWhitespaceBack(current, start - 1);
                if (before >= 0 && current[before] == ',') {
                    start = before;
                } else {
                    int after = skipWhitespace(current, end);
                    if (after < current.length && current[after] == ',') {
                        end = after + 1;
                    }
                }
            }
            current = splice(current, start, end, e.isCut() ? new byte[0] : e.replacement());
        }
        return current;
    }

    private static int skipWhitespaceBack(byte[] b, int i) {
        while (i >= 0 && isWhitespace(b[i])) {
            i--;
        }
        return i;
    }

    private static int skipWhitespace(byte[] b, int i) {
        while (i < b.length && isWhitespace(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static byte[] splice(byte[] b, int start, int end, byte[] replacement) {
        byte[] out = new byte[b.length - (end - start) + replacement.length];
        System.arraycopy(b, 0, out, 0, start);
        System.arraycopy(replacement, 0, out, start, replacement.length);
        System.arraycopy(b, end, out, start + replacement.length, b.length - end);
        return out;
    }
}
