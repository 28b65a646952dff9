package dev.kubeaudit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.config.AgentConfig;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The HTTPS webhook kubeconfigs kube-apiserver is given dial the agent where config/agent.yaml
 * listens, at an address the apiserver's host network resolves (an IP, never a cluster Service
 * name), and the README's certificate carries that address as an IP SAN.
 */
class WebhookKubeconfigSamplesTest {
    private static final AgentConfig CONFIG = Project.productionConfig();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"config/webhook-kubeconfig-tls.yaml", "config/kube-apiserver/audit-webhook-kubeconfig.yaml"})
    void dialsTheAgentsListenAddressOverHttpsWithAClientCertificate(String file) {
        JsonNode kubeconfig = YAML.readTree(Repository.read(file));
        JsonNode context = named(kubeconfig, "contexts", kubeconfig.path("current-context").asString()).path("context");
        JsonNode cluster = named(kubeconfig, "clusters", context.path("cluster").asString()).path("cluster");
        JsonNode user = named(kubeconfig, "users", context.path("user").asString()).path("user");

        URI server = URI.create(cluster.path("server").asString());
        assertThat(server.getScheme()).as(file).isEqualTo("https");
        assertThat(server.getHost()).as("%s: the host is listen.address of %s", file, Project.CONFIG)
                .isEqualTo(CONFIG.listen().address());
        assertThat(server.getHost()).as("%s: an IP address, which the apiserver's host network reaches without DNS", file)
                .matches("\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]+]");
        assertThat(server.getPort()).as(file).isEqualTo(CONFIG.listen().port());
        assertThat(cluster.path("certificate-authority").asString()).as(file).isNotEmpty();
        assertThat(user.path("client-certificate").asString()).as(file).isNotEmpty();
        assertThat(user.path("client-key").asString()).as(file).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "config/webhook-kubeconfig-tls.yaml"})
    void theServerCertificateNamesTheListenAddressAsAnIpSan(String file) {
        assertThat(Repository.read(file)).as(file).contains("IP:" + CONFIG.listen().address())
                .doesNotContain(".svc:").doesNotContain("DNS:audit-agent");
    }

    private static JsonNode named(JsonNode kubeconfig, String list, String name) {
        for (JsonNode entry : kubeconfig.path(list)) {
            if (entry.path("name").asString().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError("no entry '" + name + "' in " + list);
    }
}
