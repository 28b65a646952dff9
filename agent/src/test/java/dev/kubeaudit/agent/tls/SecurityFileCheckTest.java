package dev.kubeaudit.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.KeyProblem;
import dev.kubeaudit.agent.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook's TLS and token files checked as start-up loads them, on real files and certificates made here. */
class SecurityFileCheckTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final Instant YEAR_AGO = NOW.minus(Duration.ofDays(365));
    private static final Instant IN_A_YEAR = NOW.plus(Duration.ofDays(365));

    @TempDir
    Path dir;

    private final TestPki.Issued ca = TestPki.ca("webhook-ca", YEAR_AGO, IN_A_YEAR);

    @Test
    void validFilesWithTheAddressInTheirSansHaveNoProblem() throws IOException {
        write(TestPki.server(ca, "agent", YEAR_AGO, IN_A_YEAR, "127.0.0.1"));
        assertThat(check("127.0.0.1", dir.resolve("ca.crt"), token("s3cret"))).isEmpty();
    }

    @Test
    void aKeyOfAnotherCertificateIsAnErrorOnKeyFile() throws IOException {
        write(TestPki.server(ca, "agent", YEAR_AGO, IN_A_YEAR, "127.0.0.1"));
        TestPki.Issued other = TestPki.server(ca, "other", YEAR_AGO, IN_A_YEAR, "127.0.0.1");
        Files.writeString(dir.resolve("server.key"), TestPki.pem(other.keys().getPrivate()));
        assertThat(check("127.0.0.1", null, null)).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.key()).isEqualTo("listen.tls.keyFile");
            assertThat(p.value()).isEqualTo(dir.resolve("server.key").toString());
            assertThat(p.problem()).startsWith("is not the private key of the certificate in '" + dir.resolve("server.crt"));
        });
    }

    @Test
    void anExpiredCertificateIsAnErrorWithItsDate() throws IOException {
        Instant ended = NOW.minus(Duration.ofDays(2));
        write(TestPki.server(ca, "agent", YEAR_AGO, ended, "127.0.0.1"));
        assertThat(check("127.0.0.1", null, null)).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.key()).isEqualTo("listen.tls.certFile");
            assertThat(p.problem()).isEqualTo("the certificate 'agent' expired on " + ended.truncatedTo(ChronoUnit.SECONDS) + " (expected: a renewed certificate)");
        });
    }

    @Test
    void aCertificateNotYetValidIsAnError() throws IOException {
        write(TestPki.server(ca, "agent", NOW.plus(Duration.ofHours(3)), IN_A_YEAR, "127.0.0.1"));
        assertThat(check("127.0.0.1", null, null)).singleElement()
                .satisfies(p -> assertThat(p.problem()).contains("is not valid before 2026-05-01T13:00:00Z"));
    }

    @Test
    void aCertificateExpiringWithin30DaysIsOnlyAWarningNamingTheDate() throws IOException {
        write(TestPki.server(ca, "agent", YEAR_AGO, NOW.plus(Duration.ofDays(12)), "127.0.0.1"));
        assertThat(check("127.0.0.1", null, null)).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.problem()).startsWith("the certificate 'agent' expires on 2026-05-13T10:00:00Z, in 12 days");
        });
    }

    @Test
    void aServerCertificateWithoutTheListenAddressInItsSansIsAWarning() throws IOException {
        write(TestPki.server(ca, "agent", YEAR_AGO, IN_A_YEAR, "127.0.0.1"));
        assertThat(check("127.0.0.2", null, null)).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.problem()).startsWith("its IP SANs [127.0.0.1] do not hold listen.address 127.0.0.2");
        });
        assertThat(check("0.0.0.0", null, null)).as("a wildcard address names no SAN").isEmpty();
        assertThat(check("audit.example.com", null, null)).as("a host name is not an IP").isEmpty();
    }

    @Test
    void aMissingFileIsNamedWithItsKey() throws IOException {
        write(TestPki.server(ca, "agent", YEAR_AGO, IN_A_YEAR, "127.0.0.1"));
        Path token = dir.resolve("no-token");
        Path missingCa = dir.resolve("no-ca.crt");
        List<KeyProblem> problems = check("127.0.0.1", missingCa, token);
        assertThat(problems).extracting(KeyProblem::key, KeyProblem::value)
                .containsExactly(tuple("listen.tls.clientCAFile", missingCa.toString()),
                        tuple("listen.bearerTokenFile", token.toString()));
        assertThat(problems).allSatisfy(p -> assertThat(p.problem()).startsWith("no such file"));
    }

    @Test
    void aCaBundleWithoutCertificatesOrWithAnExpiredOneIsAnError() throws IOException {
        write(TestPki.server(ca, "agent", YEAR_AGO, IN_A_YEAR, "127.0.0.1"));
        Path empty = Files.writeString(dir.resolve("empty-ca.crt"), "# the CA goes here\n");
        assertThat(check("127.0.0.1", empty, null)).singleElement()
                .satisfies(p -> assertThat(p.problem()).startsWith("no usable certificate: no PEM CERTIFICATE block"));
        TestPki.Issued old = TestPki.ca("old-ca", YEAR_AGO, NOW.minus(Duration.ofDays(1)));
        Path bundle = Files.writeString(dir.resolve("bundle.crt"), TestPki.pem(ca.certificate(), old.certificate()));
        assertThat(check("127.0.0.1", bundle, null)).singleElement()
                .satisfies(p -> assertThat(p.problem()).startsWith("CA certificate 'old-ca' expired on"));
    }

    @Test
    void garbageInsteadOfPemAndAnEmptyTokenAreErrors() throws IOException {
        write(TestPki.server(ca, "agent", YEAR_AGO, IN_A_YEAR, "127.0.0.1"));
        Files.writeString(dir.resolve("server.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        List<KeyProblem> problems = check("127.0.0.1", null, token("  \n"));
        assertThat(problems).extracting(KeyProblem::key).containsExactly("listen.tls.certFile", "listen.bearerTokenFile");
        assertThat(problems.get(0).problem()).startsWith("no usable certificate:");
        assertThat(problems.get(1).problem()).startsWith("the token file is empty");
    }

    private void write(TestPki.Issued server) throws IOException {
        server.write(dir.resolve("server.crt"), dir.resolve("server.key"));
        Files.writeString(dir.resolve("ca.crt"), TestPki.pem(ca.certificate()));
    }

    private Path token(String text) throws IOException {
        return Files.writeString(dir.resolve("token"), text);
    }

    private List<KeyProblem> check(String address, Path clientCa, Path token) {
        AgentConfig.Tls tls = new AgentConfig.Tls(dir.resolve("server.crt"), dir.resolve("server.key"), clientCa, List.of());
        AgentConfig.Listen listen = new AgentConfig.Listen(address, 7777, "/", 1 << 20, 1 << 20, tls, token);
        return SecurityFileCheck.check(listen, NOW);
    }
}
