package dev.kubeaudit.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeaudit.agent.policy.EventEditor;
import dev.kubeaudit.agent.policy.Policy;
import dev.kubeaudit.agent.policy.PolicyFile;
import dev.kubeaudit.agent.tail.FileSource;
import dev.kubeaudit.agent.tail.HumanLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code policy explain FILE EVENTS}: which rule decides each recorded event, and what becomes of it. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Applies a policy to recorded events (JSON lines, e.g. an audit.log or a backup, .gz/.zst"
                + " too) and prints, for each, the rule that matched and the resulting level, then a summary.",
                "Exit 0, 1 when the events cannot be read, 2 when the policy has errors."})
final class PolicyExplainCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
    Path policyFile;

    @Parameters(index = "1", paramLabel = "EVENTS", description = "Audit events, one JSON object per line.")
    Path events;

    private final Map<String, Integer> byOutcome = new TreeMap<>();
    private long kept;

    @Override
    public Integer call() {
        PolicyFile.Read read;
        try {
            read = PolicyFile.read(policyFile);
        } catch (IOException e) {
            System.err.println(policyFile + ": " + e.getMessage());
            return 2;
        }
        if (read.policy() == null) {
            read.formatted().forEach(System.err::println);
            return 2;
        }
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        try (FileSource source = FileSource.open(events, -1)) {
            long number = 0;
            for (byte[] line = source.next(); line != null; line = source.next()) {
                number++;
                out.println(number + ": " + explain(read.policy(), stripBom(line)));
            }
            out.println(summary(number));
            out.flush();
            return 0;
        } catch (IOException e) {
            out.flush();
            System.err.println(events + ": " + e.getMessage());
            return 1;
        }
    }

    private String explain(Policy policy, byte[] event) throws IOException {
        JsonNode before;
        EventEditor.Applied applied;
        try {
            before = JSON.readTree(event);
            applied = EventEditor.apply(policy, event);
        } catch (IOException | IllegalArgumentException e) {
            count("not an audit event");
            return "not an audit event (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        String rule = applied.decision().matchedRule()
                ? "rule " + (applied.decision().ruleIndex() + 1) + " (line "
                + policy.rules().get(applied.decision().ruleIndex()).line() + ")"
                : "no rule";
        String outcome;
        if (applied.drop() == EventEditor.Drop.LEVEL_NONE) {
            outcome = "None: dropped";
        } else if (applied.drop() == EventEditor.Drop.STAGE) {
            outcome = applied.decision().level().wireName() + ", but stage " + before.path("stage").asText()
                    + " is omitted: dropped";
        } else {
            outcome = applied.level().wireName() + kept(before, applied);
            kept++;
        }
        count(rule);
        return HumanLine.of(before) + " -> " + rule + ": " + outcome;
    }

    private static String kept(JsonNode before, EventEditor.Applied applied) throws IOException {
        if (applied.event() == null) {
            return "";
        }
        JsonNode after = JSON.readTree(applied.event());
        List<String> cut = new ArrayList<>();
        for (String field : List.of("requestObject", "responseObject")) {
            if (before.has(field) && !after.has(field)) {
                cut.add(field);
            }
        }
        if (!before.equals(after) && cut.isEmpty()) {
            cut.add("managedFields");
        }
        return cut.isEmpty() ? ", unchanged" : ", " + String.join(" and ", cut) + " cut";
    }

    private void count(String key) {
        byOutcome.merge(key, 1, Integer::sum);
    }

    private String summary(long events) {
        StringBuilder text = new StringBuilder(events + " events: " + kept + " kept, " + (events - kept) + " dropped");
        String separator = "; ";
        for (Map.Entry<String, Integer> outcome : byOutcome.entrySet()) {
            text.append(separator).append(outcome.getKey()).append(": ").append(outcome.getValue());
            separator = ", ";
        }
        return text.toString();
    }

    private static byte[] stripBom(byte[] line) {
        if (line.length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
            byte[] rest = new byte[line.length - 3];
            System.arraycopy(line, 3, rest, 0, rest.length);
            return rest;
        }
        return line;
    }
}
