package dev.kubeaudit.agent.policy;

import java.util.List;

/**
 * What a policy rule looks at, as kube-apiserver's authorizer attributes, taken from one audit
 * event: the user and groups, the verb, and for a resource request ({@code objectRef} present) the
 * namespace ({@code ""} = cluster-scoped), API group, resource, subresource and object name, or
 * for a non-resource request the path (the request URI without its query). Immutable.
 */
public record RequestAttributes(String user, List<String> groups, String verb, boolean resourceRequest,
                                String namespace, String apiGroup, String resource, String subresource,
                                String name, String path) {
    public RequestAttributes {
        groups = List.copyOf(groups);
    }

    /** A resource request. */
    public static RequestAttributes resource(String user, List<String> groups, String verb, String namespace,
                                             String apiGroup, String resource, String subresource, String name) {
        return new RequestAttributes(user, groups, verb, true, namespace, apiGroup, resource, subresource, name, "");
    }

    /** A non-resource request such as {@code /healthz}. */
    public static RequestAttributes nonResource(String user, List<String> groups, String verb, String path) {
        return new RequestAttributes(user, groups, verb, false, "", "", "", "", "", path);
    }
}
