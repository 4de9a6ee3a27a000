package org.coloconsole.engine.qemu;

import java.util.HashSet;
import java.util.Set;

/**
 * TCP ports in LISTEN state, read from {@code /proc/net/tcp} and {@code /proc/net/tcp6}: present
 * on every Linux host, so the check needs no ss or netstat there.
 */
final class ListeningPorts {
    private static final String LISTEN = "0A";

    private ListeningPorts() {
    }

    static Set<Integer> parse(String procNetTcp) {
        Set<Integer> ports = new HashSet<>();
        for (String line : procNetTcp.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":") || !LISTEN.equals(f[3])) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                ports.add(Integer.parseInt(f[1].substring(colon + 1), 16));
            } catch (NumberFormatException ignored) {
                // not a data line
            }
        }
        return ports;
    }
}
