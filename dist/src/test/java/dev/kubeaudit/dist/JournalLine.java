package dev.kubeaudit.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** One journal entry as {@code journalctl -o json} gives it: its syslog priority (0 emerg … 7 debug) and message. */
record JournalLine(int priority, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The entries of this boot that {@code identifier} (SYSLOG_IDENTIFIER) logged for {@code unit}. */
    static List<JournalLine> of(NspawnContainer container, String unit, String identifier)
            throws IOException, InterruptedException {
        Tools.Result journal = container.exec("journalctl", "-u", unit, "-b", "-t", identifier, "-o", "json",
                "--no-pager");
        if (journal.status() != 0) {
            throw new AssertionError("journalctl -u " + unit + " -o json failed:\n" + journal.output());
        }
        List<JournalLine> lines = new ArrayList<>();
        for (String json : journal.output().split("\n")) {
            if (!json.startsWith("{")) {
                continue;  // "-- No entries --" or a warning on stderr
            }
            JsonNode entry = JSON.readTree(json);
            JsonNode message = entry.path("MESSAGE");
            if (message.isTextual()) {  // binary messages come as arrays of bytes
                lines.add(new JournalLine(entry.path("PRIORITY").asInt(-1), message.asText()));
            }
        }
        return lines;
    }

    static List<JournalLine> naming(List<JournalLine> lines, String text) {
        return lines.stream().filter(line -> line.message().contains(text)).toList();
    }
}
