package dev.kubeaudit.shipper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.archive.ArchiveLayout;
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
    void hiveKeysArePartitionFoldersBelowThePrefixAndTheChainKeepsItsObjectsUnderIntegrity() {
        ObjectKeys keys = new ObjectKeys(Destination.parse("s3://audit-archive/prod/").prefix(), "c1", "cp-1",
                ArchiveLayout.HIVE);
        Instant time = Instant.parse("2026-01-31T23:59:59.999Z");
        String name = "audit-2026-01-31T23-59-59.999.log.gz";
        assertThat(keys.relativeKeyFor(name, time)).isEqualTo("cluster=c1/dt=2026-01-31/cp-1_" + name);
        assertThat(keys.keyFor(name, time)).isEqualTo("prod/cluster=c1/dt=2026-01-31/cp-1_" + name);
        assertThat(keys.chainKeys().manifestKey(keys.relativeKeyFor(name, time)))
                .isEqualTo("_integrity/c1/cp-1/2026/01/31/" + name + ".manifest");
        assertThat(keys.withPrefix(keys.chainKeys().gapKey(3)))
                .isEqualTo("prod/_integrity/c1/cp-1/integrity/gaps/00000000000000000003.manifest");
        assertThat(new ObjectKeys("prod", "c1", "cp-1").chainKeys().layout()).isEqualTo(ArchiveLayout.DEFAULT);
        assertThatThrownBy(() -> new ObjectKeys("", "c1", "cp_1", ArchiveLayout.HIVE)).hasMessageContaining("node: 'cp_1'");
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
