package dev.kubeaudit.bench.jmh;

import dev.kubeaudit.agent.policy.EventEditor;
import dev.kubeaudit.agent.policy.Policy;
import dev.kubeaudit.agent.policy.PolicyFile;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Policy evaluation: one ~1 KB event read, matched against a policy shaped like GKE's default
 * (system noise dropped, secrets at Metadata, a catch-all), and its level applied
 * ({@link EventEditor#apply}). The event is kept at Metadata: the common case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PolicyBenchmark {
    private static final String POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
            - level: None
              users: ["system:kube-proxy"]
              verbs: ["watch"]
              resources: [{group: "", resources: ["endpoints", "services", "services/status"]}]
            - level: None
              userGroups: ["system:nodes"]
              verbs: ["get"]
              resources: [{group: "", resources: ["nodes", "nodes/status"]}]
            - level: None
              nonResourceURLs: ["/healthz*", "/version", "/swagger*"]
            - level: Metadata
              resources: [{group: "", resources: ["secrets", "configmaps"]}, {group: "authentication.k8s.io", resources: ["tokenreviews"]}]
            - level: Request
              verbs: ["get", "list", "watch"]
              resources: [{group: ""}, {group: "apps"}, {group: "batch"}]
            - level: RequestResponse
            """;
    private Policy policy;
    private byte[] event;

    @Setup
    public void build() {
        PolicyFile.Read read = PolicyFile.parse("bench-policy.yaml", POLICY);
        if (!read.errors().isEmpty()) {
            throw new IllegalStateException("benchmark policy: " + read.formatted());
        }
        policy = read.policy();
        event = ("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\"," + BenchFiles.event(7).substring(1))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Events per second. */
    @Benchmark
    public EventEditor.Applied evaluateOneEvent() {
        return EventEditor.apply(policy, event);
    }
}
