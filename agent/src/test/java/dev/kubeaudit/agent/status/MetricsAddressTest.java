package dev.kubeaudit.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where status looks: metrics.address and metrics.port, or a URL as given. */
class MetricsAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1  | 9102 | http://127.0.0.1:9102/metrics",
            "0.0.0.0    | 9102 | http://127.0.0.1:9102/metrics",
            "::         | 9102 | http://[::1]:9102/metrics",
            "[::]       | 9102 | http://[::1]:9102/metrics",
            "::1        | 80   | http://[::1]:80/metrics",
            "10.0.0.10  | 9102 | http://10.0.0.10:9102/metrics",
            "fd00::10   | 9102 | http://[fd00::10]:9102/metrics",
            "localhost  | 9102 | http://localhost:9102/metrics",
    })
    void aBoundAddressIsReachedWithWildcardsOnLoopback(String address, int port, String url) {
        assertThat(MetricsAddress.of(address, port)).isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void aPortNotKnownBeforehandIsRefused(int port) {
        assertThatThrownBy(() -> MetricsAddress.of("127.0.0.1", port))
                .hasMessageStartingWith("metrics.port: " + port + " (expected: 1 to 65535");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:9102/metrics      | http://127.0.0.1:9102/metrics      | http://127.0.0.1:9102/readyz",
            "http://127.0.0.1:9102              | http://127.0.0.1:9102/metrics      | http://127.0.0.1:9102/readyz",
            "https://agent.example:9102/        | https://agent.example:9102/metrics | https://agent.example:9102/readyz",
            "http://[::1]:9102/agent/metrics    | http://[::1]:9102/agent/metrics    | http://[::1]:9102/agent/readyz",
    })
    void aUrlIsTakenAsGivenWithMetricsForNoPath(String given, String metrics, String readyz) {
        URI uri = MetricsAddress.parse(given);
        assertThat(uri).isEqualTo(URI.create(metrics));
        assertThat(MetricsAddress.readyz(uri)).isEqualTo(URI.create(readyz));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9102", "ftp://127.0.0.1/metrics", "http:///metrics", "not a url"})
    void anythingElseIsRefused(String given) {
        assertThatThrownBy(() -> MetricsAddress.parse(given))
                .hasMessage("--metrics: '" + given + "' (expected: an http or https URL such as http://127.0.0.1:9102/metrics)");
    }
}
