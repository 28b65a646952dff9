package dev.kubeaudit.agent.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which ports a process may bind, from net.ipv4.ip_unprivileged_port_start and its effective capabilities. */
class PortPrivilegeTest {
    private static final long NET_BIND_SERVICE = 1L << 10;
    private static final long ROOT = 0x1ffffffffffL;

    @ParameterizedTest
    @CsvSource({
            "443, 1024, 0, true", "1023, 1024, 0, true", "1024, 1024, 0, false", "7777, 1024, 0, false",
            "0, 1024, 0, false", "443, 1024, 1024, false", "443, 1024, " + ROOT + ", false",
            "443, 80, 0, false", "79, 80, 0, true"})
    void aLowPortIsRefusedOnlyWithoutTheCapability(int port, int start, long capabilities, boolean refused) {
        assertThat(new PortPrivilege(start, capabilities).refuses(port)).isEqualTo(refused);
    }

    @Test
    void theEffectiveSetIsReadFromProcStatus() {
        String status = "Name:\tjava\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000400\n"
                + "CapEff:\t0000000000000400\nCapBnd:\t000001ffffffffff\n";
        assertThat(PortPrivilege.effectiveCapabilities(status)).hasValue(NET_BIND_SERVICE);
        assertThat(PortPrivilege.effectiveCapabilities("Name:\tjava\n")).isEqualTo(OptionalLong.empty());
        assertThat(PortPrivilege.effectiveCapabilities("CapEff:\tzz\n")).isEqualTo(OptionalLong.empty());
    }

    @Test
    void thisProcessIsReadFromProcWithThePortStartWhole() throws Exception {
        String start;
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start"))) {
            start = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip(); // one read of 8 KiB
        }
        assertThat(PortPrivilege.here()).as("Linux /proc tells the port start and CapEff").get()
                .extracting(PortPrivilege::lowestFree).isEqualTo(Integer.parseInt(start));
    }
}
