package org.coloconsole.engine.cluster;

import java.util.List;

/** The guest's network backend (netdev {@code hn0}). */
public sealed interface NetworkSpec {

    /**
     * A tap device through QEMU's bridge helper, as in the seed (production). {@code mac}: the
     * guest NIC's address, the same on both nodes (the survivor keeps the clients' ARP entries);
     * null leaves QEMU's default.
     */
    record Tap(String bridgeHelper, String mac) implements NetworkSpec {
    }

    /** User networking with host forwards (labs): each forward is host address:port → guest port. */
    record User(List<HostForward> forwards) implements NetworkSpec {
        public User {
            forwards = List.copyOf(forwards);
        }
    }

    record HostForward(String hostAddress, int hostPort, int guestPort) {
        @Override
        public String toString() {
            return hostAddress + ":" + hostPort + "-:" + guestPort;
        }
    }
}
