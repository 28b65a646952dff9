package dev.kubeaudit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's volumes against config/agent.yaml: every path the configuration names is mounted
 * at that same path from that same host path, what the agent writes (journal.dir, log.path's
 * directory) read-write, what it only reads (the config file, the TLS files) read-only, and
 * nothing comes from the API (a static pod cannot have a ConfigMap or Secret).
 */
class AgentPodVolumesTest {
    private static final AgentConfig CONFIG = Project.productionConfig();
    private static final Path CONFIG_FILE = Path.of("/etc/kube-audit-agent/agent.yaml");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void everyMountNamesAVolumeAndEveryVolumeIsMounted(String file, PodSpec spec) {
        List<String> volumes = spec.getVolumes().stream().map(Volume::getName).toList();
        assertThat(volumes).as(file).doesNotHaveDuplicates();
        for (Container c : Manifests.allContainers(spec)) {
            assertThat(c.getVolumeMounts()).as("%s container '%s'", file, c.getName())
                    .extracting(VolumeMount::getName).isSubsetOf(volumes).doesNotHaveDuplicates();
        }
        assertThat(Manifests.allContainers(spec).stream().flatMap(c -> c.getVolumeMounts().stream())
                .map(VolumeMount::getName).collect(Collectors.toSet())).as(file).containsExactlyInAnyOrderElementsOf(volumes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void checkConfigSeesWhatTheAgentSees(String file, PodSpec spec) {
        assertThat(Manifests.container(spec, Manifests.CHECK_CONFIG).getVolumeMounts()).as(file)
                .isEqualTo(Manifests.container(spec, Manifests.AGENT).getVolumeMounts());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void theJournalAndLogDirectoriesAreWritableHostDirectories(String file, PodSpec spec) {
        for (Path dir : List.of(CONFIG.journal().dir(), CONFIG.log().path().getParent())) {
            Mounted mounted = Mounted.covering(spec, dir).orElseThrow(() -> new AssertionError(file + ": " + dir + " is not mounted"));
            assertThat(mounted.mount().getMountPath()).as("%s: %s mounted as itself", file, dir).isEqualTo(dir.toString());
            assertThat(mounted.mount().getReadOnly()).as("%s: %s", file, dir).isNotEqualTo(Boolean.TRUE);
            assertThat(mounted.volume().getHostPath()).as("%s: %s from the host", file, dir).isNotNull();
            assertThat(mounted.volume().getHostPath().getPath()).as(file).isEqualTo(dir.toString());
            assertThat(mounted.volume().getHostPath().getType()).as("%s: %s, made by the operator for uid 10001", file, dir)
                    .isEqualTo("Directory");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void theConfigurationAndTlsFilesAreReadOnlyHostFiles(String file, PodSpec spec) {
        Mounted config = Mounted.covering(spec, CONFIG_FILE).orElseThrow();
        assertThat(config.mount().getReadOnly()).as(file).isTrue();
        assertThat(config.volume().getHostPath().getPath()).as(file).isEqualTo(CONFIG_FILE.toString());
        assertThat(config.volume().getHostPath().getType()).as(file).isEqualTo("File");

        List<Path> tlsFiles = Stream.of(CONFIG.listen().tls().certFile(), CONFIG.listen().tls().keyFile(),
                CONFIG.listen().tls().clientCAFile()).filter(Objects::nonNull).toList();
        assertThat(tlsFiles).as("%s serves TLS", Project.CONFIG).isNotEmpty();
        for (Path tls : tlsFiles) {
            Mounted mounted = Mounted.covering(spec, tls).orElseThrow(() -> new AssertionError(file + ": " + tls + " is not mounted"));
            assertThat(mounted.mount().getMountPath()).as("%s: %s's directory, re-read on change", file, tls)
                    .isEqualTo(tls.getParent().toString());
            assertThat(mounted.mount().getReadOnly()).as("%s: %s", file, tls).isTrue();
            assertThat(mounted.volume().getHostPath().getType()).as(file).isEqualTo("Directory");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void everyPathTheConfigurationNamesIsTheSamePathOnTheHost(String file, PodSpec spec) {
        List<Path> read = Stream.of(CONFIG_FILE, CONFIG.listen().tls().certFile(), CONFIG.listen().tls().keyFile(),
                CONFIG.listen().tls().clientCAFile(), CONFIG.listen().bearerTokenFile(), CONFIG.policy().file(),
                CONFIG.integrity().signingKeyFile()).filter(Objects::nonNull).toList();
        List<Path> written = Stream.of(CONFIG.journal().dir(), CONFIG.log().path(), CONFIG.ship().ledgerDir())
                .filter(Objects::nonNull).toList();
        for (Path path : Stream.concat(read.stream(), written.stream()).toList()) {
            assertThat(path.isAbsolute()).as("%s: %s (a pod has no useful working directory)", Project.CONFIG, path).isTrue();
            Mounted mounted = Mounted.covering(spec, path).orElseThrow(() -> new AssertionError(file + ": " + path + " is not mounted"));
            assertThat(mounted.hostPath(path)).as("%s: %s on the host", file, path).contains(path);
            if (written.contains(path)) {
                assertThat(mounted.mount().getReadOnly()).as("%s: %s is written", file, path).isNotEqualTo(Boolean.TRUE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void tmpIsABoundedEmptyDirBesideTheReadOnlyRoot(String file, PodSpec spec) {
        Mounted tmp = Mounted.covering(spec, Path.of("/tmp")).orElseThrow(() -> new AssertionError(file + ": /tmp is not mounted"));
        assertThat(tmp.mount().getMountPath()).as(file).isEqualTo("/tmp");
        assertThat(tmp.volume().getEmptyDir()).as(file).isNotNull();
        assertThat(tmp.volume().getEmptyDir().getSizeLimit()).as(file).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kubeaudit.deploy.Manifests#agentPodSpecs")
    void noVolumeComesFromTheApi(String file, PodSpec spec) {
        assertThat(spec.getVolumes()).as("%s: host paths and an emptyDir only", file)
                .allSatisfy(v -> assertThat(v.getHostPath() != null || v.getEmptyDir() != null).as(v.getName()).isTrue())
                .allSatisfy(v -> {
                    assertThat(v.getConfigMap()).as(v.getName()).isNull();
                    assertThat(v.getSecret()).as(v.getName()).isNull();
                    assertThat(v.getProjected()).as(v.getName()).isNull();
                    assertThat(v.getPersistentVolumeClaim()).as(v.getName()).isNull();
                });
    }

    /** A mount of the agent container with its volume. */
    private record Mounted(VolumeMount mount, Volume volume) {
        /** The agent container's mount holding this path: the one with the longest mount path at or above it. */
        static Optional<Mounted> covering(PodSpec spec, Path path) {
            return Manifests.container(spec, Manifests.AGENT).getVolumeMounts().stream()
                    .filter(m -> path.startsWith(Path.of(m.getMountPath())))
                    .max(Comparator.comparingInt(m -> Path.of(m.getMountPath()).getNameCount()))
                    .map(m -> new Mounted(m, spec.getVolumes().stream().filter(v -> v.getName().equals(m.getName()))
                            .findFirst().orElseThrow(() -> new AssertionError("no volume '" + m.getName() + "'"))));
        }

        /** Where this path is on the host, if the volume is a host path. */
        Optional<Path> hostPath(Path path) {
            if (volume.getHostPath() == null) {
                return Optional.empty();
            }
            Path relative = Path.of(mount.getMountPath()).relativize(path);
            return Optional.of(Path.of(volume.getHostPath().getPath()).resolve(relative).normalize());
        }
    }
}
