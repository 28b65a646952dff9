package dev.kubeaudit.shipper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectKeysTest {
    @ParameterizedTest
    @CsvSource({
            "prod, s3://audit-archive/prod",
            "'', s3://audit-archive",
            "a/b, s3://audit-archive/a/b/",
    })
    void keysAreThePrefixClusterNodeAndTheDateOfTheBackupsName(String prefix, String destination) {
        Destination d = Destination.parse(destination);
        assertThat(d.prefix().replaceAll("/$", "")).isEqualTo(prefix);
        ObjectKeys keys = new ObjectKeys(d.prefix(), "c1", "cp-1");
        String key = keys.keyFor("audit-2026-01-31T23-59-59.999.log.gz", Instant.parse("2026-01-31T23:59:59.999Z"));
        assertThat(key).isEqualTo((prefix.isEmpty() ? "" : prefix + "/") + "c1/cp-1/2026/01/31/"
                + "audit-2026-01-31T23-59-59.999.log.gz");
        String relative = keys.relativeKeyFor("audit-2026-01-31T23-59-59.999.log.gz",
                Instant.parse("2026-01-31T23:59:59.999Z"));
        assertThat(relative).as("the key manifests name").isEqualTo("c1/cp-1/2026/01/31/audit-2026-01-31T23-59-59.999.log.gz");
        assertThat(keys.withPrefix(relative)).isEqualTo(key);
    }

    @Test
    void fileDestinationsHaveNoPrefix() {
        assertThat(Destination.parse("file:./data/archive")).isEqualTo(new Destination("file", "./data/archive", ""));
    }

    @Test
    void rejectsNamesThatWouldChangeTheLayout() {
        assertThatThrownBy(() -> new ObjectKeys("", "a/b", "n")).hasMessageContaining("cluster: 'a/b'");
        assertThatThrownBy(() -> new ObjectKeys("", "c", "n").keyFor("x/y", Instant.EPOCH))
                .hasMessageContaining("fileName: 'x/y'");
    }
}
