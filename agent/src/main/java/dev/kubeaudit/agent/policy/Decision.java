package dev.kubeaudit.agent.policy;

import java.util.Set;

/**
 * What a {@link Policy} decides for one request: the level, the stages not to record (the policy's
 * and the rule's together) and whether managedFields are cut from the bodies. {@code ruleIndex} is
 * the 0-based index of the matching rule, -1 when none matched (level None). Immutable.
 */
public record Decision(int ruleIndex, Level level, Set<String> omitStages, boolean omitManagedFields) {
    public Decision {
        omitStages = Set.copyOf(omitStages);
    }

    public boolean matchedRule() {
        return ruleIndex >= 0;
    }
}
