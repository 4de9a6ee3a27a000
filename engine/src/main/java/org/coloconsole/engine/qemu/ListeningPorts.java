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

    /**
     * The listening ports that clash with binding {@code address} (null: any address): a
     * listener on the same port and the same address, or on a wildcard address, clashes; one on
     * another specific address (127.0.0.1 vs 127.0.0.2 in a lab pair) does not.
     */
    static Set<Integer> clashing(String procNetTcp, String address) {
        Set<Integer> out = new HashSet<>();
        String want = address == null ? null : hexIpv4(address);
        for (String line : procNetTcp.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":") || !LISTEN.equals(f[3])) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            String addr = f[1].substring(0, colon);
            boolean wildcard = addr.chars().allMatch(c -> c == '0');
            try {
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                if (want == null || wildcard || addr.equalsIgnoreCase(want)) {
                    out.add(port);
                }
            } catch (NumberFormatException ignored) {
                // not a data line
            }
        }
        return out;
    }

    /** /proc/net/tcp writes an IPv4 address as 8 hex digits in host (little-endian) order; null if not IPv4. */
    static String hexIpv4(String address) {
        String[] p = address.split("\\.");
        if (p.length != 4) {
            return null;
        }
        try {
            return String.format("%02X%02X%02X%02X", Integer.parseInt(p[3]), Integer.parseInt(p[2]),
                    Integer.parseInt(p[1]), Integer.parseInt(p[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Every listening port, whatever its address. */
    static Set<Integer> parse(String procNetTcp) {
        return clashing(procNetTcp, null);
    }
}
