package dev.kubeaudit.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The instructions of a Containerfile (Dockerfile syntax): comments and blank lines dropped,
 * backslash continuations joined, each instruction with the line it starts on. Exec-form arguments
 * (a JSON array) are read as JSON, as the builders read them. Immutable.
 */
record Containerfile(String name, List<Instruction> instructions) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A USER given as numbers, {@code uid:gid}, as Kubernetes' runAsNonRoot can verify it. */
    record NumericUser(long uid, long gid) {
    }

    /** One instruction: its keyword in upper case, the rest of it as written, its first line. */
    record Instruction(String keyword, String arguments, int line) {
    }

    static Containerfile parse(String name, String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = null;
        int start = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#") || line.isEmpty()) {
                continue;   // also between continued lines, as the builders allow
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            boolean continued = line.endsWith("\\");
            pending.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                instructions.add(instruction(pending.toString().strip(), start));
                pending = null;
            }
        }
        if (pending != null) {
            throw new IllegalArgumentException(name + ":" + start + ": the last instruction ends with a continuation");
        }
        return new Containerfile(name, List.copyOf(instructions));
    }

    private static Instruction instruction(String text, int line) {
        int space = text.indexOf(' ');
        String keyword = space < 0 ? text : text.substring(0, space);
        return new Instruction(keyword.toUpperCase(Locale.ROOT), space < 0 ? "" : text.substring(space + 1).strip(), line);
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The one instruction of this keyword; fails when there is none or more than one. */
    Instruction only(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.size() != 1) {
            throw new IllegalArgumentException(name + ": " + found.size() + " " + keyword + " instructions (expected: 1)");
        }
        return found.get(0);
    }

    /** The exec form (JSON array of strings) of the one instruction of this keyword. */
    List<String> execForm(String keyword) {
        Instruction instruction = only(keyword);
        if (!instruction.arguments().startsWith("[")) {
            throw new IllegalArgumentException(name + ":" + instruction.line() + ": " + keyword
                    + " is in shell form (expected: exec form, a JSON array)");
        }
        try {
            return JSON.readValue(instruction.arguments(), new TypeReference<List<String>>() { });
        } catch (JacksonException e) {
            throw new IllegalArgumentException(name + ":" + instruction.line() + ": " + keyword
                    + " is not a JSON array of strings: " + e.getOriginalMessage(), e);
        }
    }

    /** The last USER (the one the container runs as), which must be numeric {@code uid:gid}. */
    NumericUser user() {
        List<Instruction> users = all("USER");
        if (users.isEmpty()) {
            throw new IllegalArgumentException(name + ": no USER (the image would run as root)");
        }
        Instruction user = users.get(users.size() - 1);
        if (!user.arguments().matches("\\d+:\\d+")) {
            throw new IllegalArgumentException(name + ":" + user.line() + ": USER " + user.arguments()
                    + " (expected: numeric uid:gid, which runAsNonRoot can check without the image's /etc/passwd)");
        }
        String[] ids = user.arguments().split(":");
        return new NumericUser(Long.parseLong(ids[0]), Long.parseLong(ids[1]));
    }
}
