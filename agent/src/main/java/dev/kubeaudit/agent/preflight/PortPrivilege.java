package dev.kubeaudit.agent.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Whether this process may bind a low port: Linux lets a port below
 * {@code net.ipv4.ip_unprivileged_port_start} (1024 unless lowered) be bound only with
 * {@code CAP_NET_BIND_SERVICE} in the effective set (root has it, the packaged unit grants none).
 * The decision is pure; {@link #here()} reads /proc. Immutable.
 */
record PortPrivilege(int unprivilegedStart, long effectiveCapabilities) {
    static final int CAP_NET_BIND_SERVICE = 10;
    private static final Path PORT_START = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final int MAX_BYTES = 1 << 16;

    /** This process's, or empty where /proc does not say (not Linux). */
    static Optional<PortPrivilege> here() {
        OptionalInt start = portStart();
        OptionalLong caps = effectiveCapabilities(read(STATUS));
        if (start.isEmpty() || caps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PortPrivilege(start.getAsInt(), caps.getAsLong()));
    }

    /** The lowest port an unprivileged process may bind. */
    int lowestFree() {
        return unprivilegedStart;
    }

    /** True when binding {@code port} (0 = any free port) would be refused. */
    boolean refuses(int port) {
        return port > 0 && port < unprivilegedStart && (effectiveCapabilities & (1L << CAP_NET_BIND_SERVICE)) == 0;
    }

    /** The CapEff mask of a /proc/PID/status text. */
    static OptionalLong effectiveCapabilities(String status) {
        if (status == null) {
            return OptionalLong.empty();
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return OptionalLong.of(Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalInt portStart() {
        String text = read(PORT_START);
        try {
            return text == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The file's text read in one call: a sysctl file answers only a read from its start (a second
     * read gives nothing), so a reader that first takes one byte, as Files.readString does for a
     * file whose size is 0, gets only "1" of "1024".
     */
    private static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
