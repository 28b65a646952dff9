package dev.kubeaudit.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which events a search prints, beside its time window and segments: every non-empty list must
 * match (AND), one of its values enough (OR). users: user.username; groups: one of user.groups;
 * sourceIps: one of sourceIPs; the others the field of the same name (namespace, name: of
 * objectRef; code: responseStatus.code). Every value is a bound parameter. Immutable.
 */
public record EventFilters(List<String> users, List<String> groups, List<String> verbs, List<ResourceSpec> resources,
                           List<String> namespaces, List<String> names, List<CodeSpec> codes, List<String> stages,
                           List<String> sourceIps, List<String> auditIds) {
    public static final EventFilters NONE = new EventFilters(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of());

    public EventFilters {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        verbs = List.copyOf(verbs);
        resources = List.copyOf(resources);
        namespaces = List.copyOf(namespaces);
        names = List.copyOf(names);
        codes = List.copyOf(codes);
        stages = List.copyOf(stages);
        sourceIps = List.copyOf(sourceIps);
        auditIds = List.copyOf(auditIds);
    }

    /** The condition on the events view. */
    public Where where() {
        List<String> all = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        anyOf(all, params, users, u -> equal("\"user\".\"username\"", u));
        anyOf(all, params, groups, g -> new Where("list_contains(\"user\".\"groups\", ?)", List.of(g)));
        anyOf(all, params, verbs, v -> equal("\"verb\"", v));
        anyOf(all, params, resources, EventFilters::resource);
        anyOf(all, params, namespaces, n -> equal("\"objectRef\".\"namespace\"", n));
        anyOf(all, params, names, n -> equal("\"objectRef\".\"name\"", n));
        anyOf(all, params, codes, c -> new Where("\"responseStatus\".\"code\" BETWEEN ? AND ?", List.of(c.min(), c.max())));
        anyOf(all, params, stages, s -> equal("\"stage\"", s));
        anyOf(all, params, sourceIps, ip -> new Where("list_contains(\"sourceIPs\", ?)", List.of(ip)));
        anyOf(all, params, auditIds, id -> equal("\"auditID\"", id));
        return new Where(all.isEmpty() ? "true" : String.join(" AND ", all), params);
    }

    private static <T> void anyOf(List<String> all, List<Object> params, List<T> values, Function<T, Where> one) {
        if (values.isEmpty()) {
            return;
        }
        List<String> alternatives = new ArrayList<>();
        for (T v : values) {
            Where w = one.apply(v);
            alternatives.add(w.sql());
            params.addAll(w.params());
        }
        all.add("(" + String.join(" OR ", alternatives) + ")");
    }

    private static Where equal(String column, String value) {
        return new Where(column + " = ?", List.of(value));
    }

    private static Where resource(ResourceSpec r) {
        List<String> parts = new ArrayList<>(List.of("\"objectRef\".\"resource\" = ?"));
        List<Object> params = new ArrayList<>(List.of(r.resource()));
        if (r.group() != null) {
            parts.add("\"objectRef\".\"apiGroup\" = ?");
            params.add(r.group());
        }
        if (r.subresource() != null) {
            parts.add("\"objectRef\".\"subresource\" = ?");
            params.add(r.subresource());
        }
        return new Where("(" + String.join(" AND ", parts) + ")", params);
    }
}
