package dev.kubeaudit.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The manifests of deploy/kubernetes/, strictly parsed, and lookups into their pod specs. Stateless. */
final class Manifests {
    static final String STATIC_POD = "deploy/kubernetes/static-pod.yaml";
    static final String DAEMONSET = "deploy/kubernetes/daemonset.yaml";
    static final String CONTAINERFILE = "deploy/kubernetes/Containerfile";
    static final String AGENT = "agent";
    static final String CHECK_CONFIG = "check-config";

    private Manifests() {
    }

    static Pod staticPod() {
        return StrictKubernetesYaml.read(Repository.path(STATIC_POD), Pod.class);
    }

    static DaemonSet daemonSet() {
        return StrictKubernetesYaml.read(Repository.path(DAEMONSET), DaemonSet.class);
    }

    /** The agent's pod spec in each manifest: the static pod's, and the DaemonSet's template's. */
    static Stream<Arguments> agentPodSpecs() {
        return Stream.of(Arguments.of(STATIC_POD, staticPod().getSpec()),
                Arguments.of(DAEMONSET, daemonSet().getSpec().getTemplate().getSpec()));
    }

    static Containerfile containerfile() {
        return Containerfile.parse(CONTAINERFILE, Repository.read(CONTAINERFILE));
    }

    static Class<?> typeOf(Path file) {
        return file.getFileName().toString().equals(Path.of(DAEMONSET).getFileName().toString())
                ? DaemonSet.class : Pod.class;
    }

    static Container container(PodSpec spec, String name) {
        return allContainers(spec).stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container '" + name + "'"));
    }

    /** Init containers first, then the others. */
    static List<Container> allContainers(PodSpec spec) {
        return Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream()).toList();
    }

    /** A probe's or port reference's number: the number itself, or the container port of that name. */
    static int portNumber(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("container '" + container.getName() + "' has no port named '"
                        + port.getStrVal() + "'"));
    }
}
