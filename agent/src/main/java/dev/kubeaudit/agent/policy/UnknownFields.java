package dev.kubeaudit.agent.policy;

import java.util.List;

/**
 * The hint for an unknown field: the field it was probably meant to be, or the level of the file
 * where it belongs (the usual cause is indentation). Stateless.
 */
final class UnknownFields {
    private UnknownFields() {
    }

    static String hint(String key, List<String> known) {
        for (String k : known) {
            if (k.equalsIgnoreCase(key)) {
                return "field names are case-sensitive: did you mean " + k + "?";
            }
        }
        boolean ruleKey = PolicyReader.RULE_KEYS.contains(key);
        boolean entryKey = PolicyReader.ENTRY_KEYS.contains(key);
        if (known == PolicyReader.RULE_KEYS && entryKey) {
            return "\"" + key + "\" is a field of a resources entry: indent it to line up with that entry's"
                    + " \"resources:\" (under its \"- group:\")";
        }
        if (known == PolicyReader.POLICY_KEYS && (ruleKey || entryKey)) {
            return "\"" + key + "\" is a field of a " + (ruleKey ? "rule" : "resources entry")
                    + ": indent it into the item of the rules list it belongs to";
        }
        if (known == PolicyReader.ENTRY_KEYS && ruleKey) {
            return "\"" + key + "\" is a field of the rule, not of a resources entry: indent it to line up with the"
                    + " rule's \"resources:\"";
        }
        String close = Suggest.closest(key, known);
        return close != null ? "did you mean " + close + "?" : "known fields here: " + String.join(", ", known);
    }
}
