package dev.kubeaudit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.Agent;
import dev.kubeaudit.agent.config.AgentConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's pod, as the static pod and the DaemonSet's template both run it, against what it
 * runs: config/agent.yaml read by the agent's loader (ports, endpoints, every path), the
 * Containerfile (user, command), config/jvm.env (memory) and the systemd unit it replaces.
 */
class AgentPodSpecTest {
    private static final AgentConfig CONFIG = Project.productionConfig();
    private static final String CONFIG_FILE = "/etc/kube-audit-agent/agent.yaml";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void runsOnTheHostNetworkAsASystemNodeCriticalPod(String file, PodSpec spec) {
        assertThat(spec.getHostNetwork()).as(file).isTrue();
        assertThat(spec.getDnsPolicy()).as("%s: the node's resolver, not the cluster DNS", file).isEqualTo("Default");
        assertThat(spec.getPriorityClassName()).as(file).isEqualTo("system-node-critical");
        assertThat(spec.getContainers()).as(file).extracting(Container::getName).containsExactly(Manifests.AGENT);
        assertThat(spec.getInitContainers()).as(file).extracting(Container::getName).containsExactly(Manifests.CHECK_CONFIG);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void exposesTheConfiguredPorts(String file, PodSpec spec) {
        Container agent = Manifests.container(spec, Manifests.AGENT);
        assertThat(agent.getPorts()).as(file)
                .anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo("webhook");
                    assertThat(p.getContainerPort()).isEqualTo(CONFIG.listen().port());
                })
                .anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo("metrics");
                    assertThat(p.getContainerPort()).isEqualTo(CONFIG.metrics().port());
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void probesAskTheMetricsEndpointForHealthAndReadiness(String file, PodSpec spec) {
        Container agent = Manifests.container(spec, Manifests.AGENT);
        assertHttpProbe(file + " readinessProbe", agent, agent.getReadinessProbe(), "/readyz");
        assertHttpProbe(file + " livenessProbe", agent, agent.getLivenessProbe(), "/healthz");
        assertHttpProbe(file + " startupProbe", agent, agent.getStartupProbe(), "/healthz");
        assertThat(CONFIG.metrics().address()).as("%s: metrics.address must be reachable at the pod's (the node's) address",
                Project.CONFIG).doesNotStartWith("127.").isNotIn("::1", "localhost");
    }

    private static void assertHttpProbe(String what, Container agent, Probe probe, String path) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getExec()).as(what).isNull();
        assertThat(probe.getHttpGet()).as(what).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
        assertThat(probe.getHttpGet().getScheme()).as(what).isIn(null, "HTTP");
        assertThat(Manifests.portNumber(agent, probe.getHttpGet().getPort())).as(what + " port = metrics.port")
                .isEqualTo(CONFIG.metrics().port());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void livenessWaitsForTheLogWritersRecoveryAndToleratesPauses(String file, PodSpec spec) {
        Container agent = Manifests.container(spec, Manifests.AGENT);
        // The metrics endpoint answers only once the writer has recovered, which may take up to
        // Agent.RECOVERY_TIMEOUT before the agent gives up and exits: the start-up probe waits longer.
        assertThat(window(agent.getStartupProbe())).as("%s: startupProbe's window", file)
                .isGreaterThanOrEqualTo(Agent.RECOVERY_TIMEOUT.plusSeconds(30));
        assertThat(window(agent.getLivenessProbe())).as("%s: livenessProbe's window (the unit's watchdog: 30 s)", file)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(agent.getLivenessProbe().getTimeoutSeconds()).as(file).isGreaterThanOrEqualTo(2);
    }

    /** How long a probe may fail before it acts: the initial delay and failureThreshold periods (Kubernetes defaults: 10 s, 3). */
    private static Duration window(Probe probe) {
        int delay = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
        int period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
        int failures = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
        return Duration.ofSeconds(delay + (long) period * failures);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void runsTheContainerfilesCommandOnTheMountedConfiguration(String file, PodSpec spec) {
        Containerfile image = Manifests.containerfile();
        Container agent = Manifests.container(spec, Manifests.AGENT);
        assertThat(agent.getCommand()).as("%s: the image's ENTRYPOINT", file).isEmpty();
        assertThat(agent.getArgs()).as(file).isEqualTo(image.execForm("CMD")).containsSubsequence("--config", CONFIG_FILE);
        Container check = Manifests.container(spec, Manifests.CHECK_CONFIG);
        assertThat(check.getCommand()).as(file).isEmpty();
        assertThat(check.getArgs()).as(file).containsExactly("check-config", "--config", CONFIG_FILE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void everyContainerRunsTheImageOfThisVersion(String file, PodSpec spec) {
        assertThat(Manifests.allContainers(spec)).as(file).allSatisfy(c -> {
            assertThat(c.getImage()).isEqualTo("localhost/kube-audit-agent:" + Project.version());
            assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void everyContainerRunsUnprivilegedAsTheImagesUser(String file, PodSpec spec) {
        Containerfile.NumericUser user = Manifests.containerfile().user();
        PodSecurityContext pod = spec.getSecurityContext();
        assertThat(spec.getHostPID()).as(file).isNotEqualTo(Boolean.TRUE);
        assertThat(spec.getHostIPC()).as(file).isNotEqualTo(Boolean.TRUE);
        for (Container c : Manifests.allContainers(spec)) {
            String what = file + " container '" + c.getName() + "'";
            SecurityContext own = c.getSecurityContext();
            assertThat(own).as(what).isNotNull();
            assertThat(first(own.getRunAsNonRoot(), pod.getRunAsNonRoot())).as(what + " runAsNonRoot").isTrue();
            assertThat(first(own.getRunAsUser(), pod.getRunAsUser())).as(what + " runAsUser").isEqualTo(user.uid());
            assertThat(first(own.getRunAsGroup(), pod.getRunAsGroup())).as(what + " runAsGroup").isEqualTo(user.gid());
            assertThat(first(own.getSeccompProfile(), pod.getSeccompProfile())).as(what + " seccompProfile")
                    .isNotNull().extracting("type").isEqualTo("RuntimeDefault");
            assertThat(own.getReadOnlyRootFilesystem()).as(what + " readOnlyRootFilesystem").isTrue();
            assertThat(own.getAllowPrivilegeEscalation()).as(what + " allowPrivilegeEscalation").isFalse();
            assertThat(own.getPrivileged()).as(what + " privileged").isNotEqualTo(Boolean.TRUE);
            assertThat(own.getCapabilities()).as(what + " capabilities").isNotNull();
            assertThat(own.getCapabilities().getDrop()).as(what + " capabilities.drop").containsExactly("ALL");
            assertThat(own.getCapabilities().getAdd()).as(what + " capabilities.add").isEmpty();
        }
    }

    private static <T> T first(T container, T pod) {
        return container != null ? container : pod;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void memoryLimitHoldsTheHeapAndWhatLivesOutsideIt(String file, PodSpec spec) {
        long offHeap = 256L << 20;   // metaspace, code cache, thread stacks, Netty's direct buffers
        for (Container c : Manifests.allContainers(spec)) {
            String what = file + " container '" + c.getName() + "'";
            Quantity limit = c.getResources().getLimits().get("memory");
            Quantity request = c.getResources().getRequests().get("memory");
            assertThat(limit).as(what + " memory limit").isNotNull();
            assertThat(request).as(what + " memory request").isNotNull();
            assertThat(Quantity.getAmountInBytes(limit)).as(what + " memory limit >= -Xmx + 256Mi")
                    .isGreaterThanOrEqualTo(BigDecimal.valueOf(Project.maxHeapBytes() + offHeap));
            assertThat(Quantity.getAmountInBytes(request)).as(what).isLessThanOrEqualTo(Quantity.getAmountInBytes(limit));
            assertThat(c.getResources().getRequests()).as(what + " cpu request").containsKey("cpu");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void theGracePeriodCoversACleanStop(String file, PodSpec spec) {
        assertThat(Duration.ofSeconds(spec.getTerminationGracePeriodSeconds())).as(file + " (the unit's TimeoutStopSec)")
                .isGreaterThanOrEqualTo(Project.unitStopTimeout());
    }
}
