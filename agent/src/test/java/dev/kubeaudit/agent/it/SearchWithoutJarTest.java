package dev.kubeaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.cli.Main;
import dev.kubeaudit.agent.testing.StandardStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code search} and {@code export} where audit-search.jar is not beside the agent's classes (the
 * agent module's own build): exit 2 and say how to get it. With the jar they run it (the dist
 * module's package tests).
 */
class SearchWithoutJarTest {
    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    @Test
    void searchSaysWhereTheJarGoesAndHowToGetIt() {
        assertThat(Main.execute("search", "file:./data/archive", "--user", "alice")).isEqualTo(2);
        assertThat(streams.err()).contains("audit-search.jar").contains("not installed")
                .contains("tarball, .deb and RPM").contains("mvn -B package -DskipTests");
    }

    @Test
    void exportToo() {
        assertThat(Main.execute("export", "parquet", "file:./data/archive")).isEqualTo(2);
        assertThat(streams.err()).contains("audit-search.jar");
    }

    @Test
    void helpListsBoth() {
        assertThat(Main.execute("--help")).isZero();
        assertThat(streams.out()).contains("search").contains("export").contains("audit-search.jar");
    }
}
