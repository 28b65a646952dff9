package dev.kubeaudit.agent.preflight;

import dev.kubeaudit.agent.config.KeyProblem;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether an address the agent listens on ({@code listen.address}, {@code metrics.address}) is one
 * of this host's: resolved and bound on port 0 as start-up resolves it, never on the configured
 * port (a running agent may hold it); and whether the configured port is one this process may
 * bind ({@link PortPrivilege}). Stateless.
 */
final class AddressCheck {
    private AddressCheck() {
    }

    static List<KeyProblem> check(String addressKey, String address, String portKey, int port,
                                  Optional<PortPrivilege> privilege) {
        List<KeyProblem> problems = new ArrayList<>();
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        if (socket.isUnresolved()) {
            problems.add(KeyProblem.error(addressKey, address, "no such host name here (expected: an address of this"
                    + " host: one of `ip -brief address`, 127.0.0.1, or 0.0.0.0 for every interface)"));
        } else {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(socket);
            } catch (BindException e) {
                problems.add(KeyProblem.error(addressKey, address, "is not an address of this host ("
                        + socket.getAddress().getHostAddress() + ": " + e.getMessage() + ") (expected: one of `ip -brief"
                        + " address`, 127.0.0.1, or 0.0.0.0 for every interface)"));
            } catch (IOException e) {
                problems.add(KeyProblem.error(addressKey, address, "cannot be bound: " + e));
            }
        }
        if (privilege.isPresent() && privilege.get().refuses(port)) {
            int lowest = privilege.get().lowestFree();
            problems.add(KeyProblem.error(portKey, String.valueOf(port), "a port below " + lowest
                    + " needs CAP_NET_BIND_SERVICE, which user '" + System.getProperty("user.name") + "' lacks here"
                    + " (expected: a port >= " + lowest + ", or CAP_NET_BIND_SERVICE in AmbientCapabilities= and"
                    + " CapabilityBoundingSet= of a systemd drop-in)"));
        }
        return problems;
    }
}
