package org.coloconsole.engine.cluster;

import java.util.List;

/**
 * The TCP ports of one node, derived from its port base. With the seed's base 9001 they are the
 * seed's ports: compare0 9001, mirror0 9003, compare1 9004, compare_out 9005, incoming migration
 * 9998, NBD 9999.
 */
public record PortPlan(int compare0, int mirror, int compare1, int compareOut, int migration, int nbd) {
    static final int SPAN = 998;

    public static PortPlan fromBase(int base) {
        return new PortPlan(base, base + 2, base + 3, base + 4, base + 997, base + 998);
    }

    public List<Integer> all() {
        return List.of(compare0, mirror, compare1, compareOut, migration, nbd);
    }
}
