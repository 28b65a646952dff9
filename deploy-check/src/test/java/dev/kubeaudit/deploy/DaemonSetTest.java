package dev.kubeaudit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DaemonSet runs the static pod's agent on every control-plane node and nowhere else, one node
 * at a time on updates; the static pod stays a pod the kubelet can run without the API.
 */
class DaemonSetTest {
    private static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

    private final DaemonSet daemonSet = Manifests.daemonSet();
    private final Pod staticPod = Manifests.staticPod();

    @Test
    void bothLiveInKubeSystem() {
        assertThat(daemonSet.getApiVersion()).isEqualTo("apps/v1");
        assertThat(daemonSet.getKind()).isEqualTo("DaemonSet");
        assertThat(daemonSet.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(staticPod.getApiVersion()).isEqualTo("v1");
        assertThat(staticPod.getKind()).isEqualTo("Pod");
        assertThat(staticPod.getMetadata().getNamespace()).isEqualTo("kube-system");
    }

    @Test
    void runsOnControlPlaneNodesOnly() {
        PodSpec spec = daemonSet.getSpec().getTemplate().getSpec();
        assertThat(spec.getNodeSelector()).isEqualTo(Map.of(CONTROL_PLANE, ""));
        assertThat(spec.getTolerations()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo(CONTROL_PLANE);
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
    }

    @Test
    void selectsItsOwnPods() {
        assertThat(daemonSet.getSpec().getSelector().getMatchExpressions()).isEmpty();
        assertThat(daemonSet.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(daemonSet.getSpec().getSelector().getMatchLabels());
        assertThat(daemonSet.getSpec().getSelector().getMatchLabels()).isNotEmpty();
    }

    @Test
    void updatesOneNodeAtATimeWithoutASecondAgentOnIt() {
        assertThat(daemonSet.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(daemonSet.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(daemonSet.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString(0));
    }

    @Test
    void hasNoServiceAccountToken() {
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(staticPod.getSpec().getServiceAccountName()).isNull();
    }

    @Test
    void runsExactlyTheStaticPodsAgent() {
        PodSpec pod = staticPod.getSpec();
        // Only what a DaemonSet adds may differ: where it runs, and no service account token.
        PodSpec template = daemonSet.getSpec().getTemplate().getSpec().toBuilder()
                .withNodeSelector(pod.getNodeSelector()).withTolerations(pod.getTolerations())
                .withAutomountServiceAccountToken(pod.getAutomountServiceAccountToken()).build();
        assertThat(template).usingRecursiveComparison().isEqualTo(pod);
        assertThat(daemonSet.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(staticPod.getMetadata().getLabels());
    }
}
