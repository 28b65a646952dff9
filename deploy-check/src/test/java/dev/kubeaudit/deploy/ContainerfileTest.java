package dev.kubeaudit.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/Containerfile cannot be built here (no container engine runs), so it is read:
 * a pinned Java 17 runtime, a numeric unprivileged user, the jar the build really writes, and the
 * JVM options the packages run the agent with.
 */
class ContainerfileTest {
    private final Containerfile file = Manifests.containerfile();

    @Test
    void startsFromAJava17RuntimePinnedToAFullVersion() {
        assertThat(file.all("FROM")).hasSize(1);
        String image = file.only("FROM").arguments();
        assertThat(image).as("FROM").matches("eclipse-temurin:17\\.\\d+\\.\\d+(\\.\\d+)?_\\d+-jre-[a-z0-9.-]+");
    }

    @Test
    void runsAsTheNumericUnprivilegedUserTheManifestsName() {
        Containerfile.NumericUser user = file.user();
        assertThat(user.uid()).isPositive();
        assertThat(user.gid()).isPositive();
        assertThat(Manifests.staticPod().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(user.uid());
        assertThat(Manifests.staticPod().getSpec().getSecurityContext().getRunAsGroup()).isEqualTo(user.gid());
        assertThat(file.all("USER").get(0).line()).as("USER after the root-owned set-up")
                .isGreaterThan(file.all("RUN").get(file.all("RUN").size() - 1).line());
    }

    @Test
    void copiesTheJarTheBuildWritesToWhereTheEntrypointRunsIt() {
        String[] copy = file.only("COPY").arguments().split("\\s+");
        assertThat(copy).as("COPY SOURCE DEST").hasSize(2);
        assertThat(Path.of(copy[0])).as("the shade output of shipper/pom.xml, from the repository root")
                .isEqualTo(Project.agentJar());
        List<String> entrypoint = file.execForm("ENTRYPOINT");
        assertThat(entrypoint).containsSubsequence("-jar", copy[1]);
        assertThat(entrypoint.get(entrypoint.size() - 1)).as("the jar is the last argument; CMD follows it").isEqualTo(copy[1]);
    }

    @Test
    void runsJavaWithTheOptionsOfJvmEnvAndTheLauncher() {
        List<String> entrypoint = file.execForm("ENTRYPOINT");
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(Project.javaOpts()).as("config/jvm.env JAVA_OPTS").isNotEmpty();
        assertThat(entrypoint).containsAll(Project.javaOpts());
        assertThat(entrypoint).as("dist/src/bin/audit-agent's flags").containsAll(Project.launcherFlags());
        assertThat(entrypoint.indexOf("-jar")).as("JVM options before -jar")
                .isGreaterThan(entrypoint.indexOf(Project.launcherFlags().get(Project.launcherFlags().size() - 1)));
        assertThat(file.only("ENV").arguments()).isEqualTo("MALLOC_ARENA_MAX=" + Project.jvmEnv("MALLOC_ARENA_MAX"));
    }

    @Test
    void runsTheAgentOnTheMountedConfigurationByDefault() {
        assertThat(file.execForm("CMD")).containsExactly("run", "--config", "/etc/kube-audit-agent/agent.yaml");
    }

    @Test
    void theReadmeBuildsTheImageTheManifestsRun() {
        String image = Manifests.container(Manifests.staticPod().getSpec(), Manifests.AGENT).getImage();
        String build = "build -f deploy/kubernetes/Containerfile -t " + image + " .";
        assertThat(Repository.read("README.md")).contains(build);
        assertThat(Repository.read(Manifests.CONTAINERFILE)).contains(build);
    }

    @Test
    void aShellFormEntrypointOrANamedUserIsRefused() {
        Containerfile shell = Containerfile.parse("Containerfile", "FROM x:1\nUSER kube-audit\nENTRYPOINT java \\\n  -jar a.jar\n");
        assertThatThrownBy(() -> shell.execForm("ENTRYPOINT")).hasMessage("Containerfile:3: ENTRYPOINT is in shell form"
                + " (expected: exec form, a JSON array)");
        assertThatThrownBy(shell::user).hasMessageStartingWith("Containerfile:2: USER kube-audit (expected: numeric uid:gid");
    }
}
