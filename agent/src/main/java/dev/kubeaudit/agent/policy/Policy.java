package dev.kubeaudit.agent.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An {@code audit.k8s.io/v1} Policy: rules tried in order, the first that matches decides; no rule
 * matching means level None. The policy's {@code omitStages} are added to every rule's, and its
 * {@code omitManagedFields} applies unless the matching rule sets its own, exactly as kube-apiserver's
 * policy checker does. Immutable; thread-safe.
 */
public record Policy(List<PolicyRule> rules, Set<String> omitStages, boolean omitManagedFields) {
    /** Stages an event can be recorded at. */
    public static final List<String> STAGES = List.of("RequestReceived", "ResponseStarted", "ResponseComplete", "Panic");

    public Policy {
        rules = List.copyOf(rules);
        omitStages = Set.copyOf(omitStages);
    }

    /** The decision for one request. */
    public Decision decide(RequestAttributes request) {
        for (int i = 0; i < rules.size(); i++) {
            PolicyRule rule = rules.get(i);
            if (rule.matches(request)) {
                Set<String> stages = new HashSet<>(omitStages);
                stages.addAll(rule.omitStages());
                boolean omitFields = rule.omitManagedFields() == null ? omitManagedFields : rule.omitManagedFields();
                return new Decision(i, rule.level(), stages, omitFields);
            }
        }
        return new Decision(-1, Level.NONE, omitStages, omitManagedFields);
    }
}
