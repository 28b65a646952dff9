package dev.kubeaudit.agent.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a listen address is loopback only, decided without a DNS lookup: IP literals by their
 * value, {@code localhost} by name, every other host name counted as reachable from the network.
 * Stateless.
 */
final class Loopback {
    private Loopback() {
    }

    static boolean is(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (a.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        if (!a.matches("[0-9.]+") && !a.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
