package dev.kubeaudit.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.deploy.StrictKubernetesYaml.ManifestException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The manifests are read strictly: a copy with one field misspelled, at any depth, is refused with
 * its file, line and the field's name, where fabric8's model alone would keep it as an additional
 * property and the check of the real field would pass on its absence.
 */
class StrictKubernetesYamlTest {
    @TempDir
    Path dir;

    @Test
    void bothManifestsParseStrictly() {
        assertThat(Manifests.staticPod().getSpec().getContainers()).isNotEmpty();
        assertThat(Manifests.daemonSet().getSpec().getTemplate().getSpec().getContainers()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "static-pod.yaml | '    readinessProbe:'     | '    readinesProbe:'",
        "static-pod.yaml | '  hostNetwork: true'     | '  hostNetwrok: true'",
        "static-pod.yaml | '        path: /healthz'  | '        pth: /healthz'",
        "static-pod.yaml | '      type: RuntimeDefault' | '      typ: RuntimeDefault'",
        "static-pod.yaml | '      readOnly: true'    | '      readonly: true'",
        "static-pod.yaml | '      sizeLimit: 64Mi'   | '      sizelimit: 64Mi'",
        "static-pod.yaml | '  namespace: kube-system' | '  namepsace: kube-system'",
        "daemonset.yaml  | '        readinessProbe:' | '        readinesProbe:'",
        "daemonset.yaml  | '      maxUnavailable: 1' | '      maxUnavailble: 1'",
        "daemonset.yaml  | '  template:'             | '  templates:'",
        "daemonset.yaml  | '        effect: NoSchedule' | '        efect: NoSchedule'",
        "daemonset.yaml  | '          allowPrivilegeEscalation: false' | '          allowPrivilegeEscalaton: false'",
    })
    void aMisspelledFieldIsRefusedWithItsLine(String file, String field, String misspelled) throws IOException {
        String original = Repository.read("deploy/kubernetes/" + file);
        int at = original.indexOf(field + "\n");
        assertThat(at).as("%s holds the line '%s'", file, field).isNotNegative();
        Path copy = dir.resolve(file);
        Files.writeString(copy, original.substring(0, at) + misspelled + original.substring(at + field.length()));
        int line = (int) original.substring(0, at).lines().count() + 1;
        String name = misspelled.strip().substring(0, misspelled.strip().indexOf(':'));

        assertThatThrownBy(() -> StrictKubernetesYaml.read(copy, Manifests.typeOf(copy)))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(copy + ":" + line + ":")
                .hasMessageContaining("unknown field '" + name + "'");
    }

    @Test
    void theMessageNamesWhereTheFieldIs() throws IOException {
        Path copy = dir.resolve("daemonset.yaml");
        Files.writeString(copy, Repository.read(Manifests.DAEMONSET).replace("          path: /readyz", "          paht: /readyz"));

        assertThatThrownBy(() -> StrictKubernetesYaml.read(copy, DaemonSet.class))
                .hasMessageContaining("unknown field 'paht' in spec.template.spec.containers[0].readinessProbe.httpGet")
                .hasMessageContaining("(HTTPGetAction knows [host, httpHeaders, path, port");
    }

    @Test
    void fabric8AloneKeepsAMisspelledFieldAsAnAdditionalProperty() throws IOException {
        Path copy = dir.resolve("static-pod.yaml");
        Files.writeString(copy, Repository.read(Manifests.STATIC_POD).replace("    readinessProbe:", "    readinesProbe:"));

        Pod pod = StrictKubernetesYaml.readLeniently(copy, Pod.class);

        assertThat(Manifests.container(pod.getSpec(), Manifests.AGENT).getReadinessProbe()).isNull();
        assertThat(Manifests.container(pod.getSpec(), Manifests.AGENT).getAdditionalProperties())
                .containsKey("readinesProbe");
    }

    @Test
    void aDuplicatedKeyIsRefused() throws IOException {
        Path copy = dir.resolve("daemonset.yaml");
        Files.writeString(copy, Repository.read(Manifests.DAEMONSET)
                .replace("      hostNetwork: true\n", "      hostNetwork: true\n      hostNetwork: false\n"));

        assertThatThrownBy(() -> StrictKubernetesYaml.read(copy, DaemonSet.class))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("hostNetwork");
    }

    @Test
    void aSecondDocumentIsRefused() throws IOException {
        Path copy = dir.resolve("static-pod.yaml");
        Files.writeString(copy, Repository.read(Manifests.STATIC_POD) + "---\napiVersion: v1\nkind: ConfigMap\n");

        assertThatThrownBy(() -> StrictKubernetesYaml.read(copy, Pod.class))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(copy.toString());
    }
}
