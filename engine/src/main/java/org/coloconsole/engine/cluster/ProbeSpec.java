package org.coloconsole.engine.cluster;

/**
 * How the console checks what a client of the pair's service sees ("did the clients notice?").
 *
 * @param kind       ECHO: one TCP connection kept open, a line every interval, each echo timed
 *                   (a client that stays connected across a failover); HTTP: a GET on a new
 *                   connection every interval
 * @param address    the service's address (the guest's, as clients reach it)
 * @param port       its port
 * @param from       where the probe runs: this machine, or a named host over SSH (the probe's TCP
 *                   connection is then made by that host)
 * @param intervalMs time between probes
 */
public record ProbeSpec(Kind kind, String address, int port, HostAccess from, int intervalMs) {
    public enum Kind { ECHO, HTTP }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + address + ":" + port + " from " + from
                + " every " + intervalMs + " ms";
    }
}
