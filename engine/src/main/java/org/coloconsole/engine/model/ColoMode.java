package org.coloconsole.engine.model;

import java.util.Locale;

/**
 * A node's COLO mode as QEMU's {@code query-colo-status} reports it. {@code NONE} after a failover
 * (with {@code last-mode} saying what the node was) or before COLO ever started.
 */
public enum ColoMode {
    NONE, PRIMARY, SECONDARY;

    /** QEMU's word for it; null stays null (the node did not answer). */
    public static ColoMode parse(String qmp) {
        if (qmp == null || qmp.isEmpty()) {
            return null;
        }
        return switch (qmp) {
            case "none" -> NONE;
            case "primary" -> PRIMARY;
            case "secondary" -> SECONDARY;
            default -> throw new IllegalArgumentException("unknown COLO mode '" + qmp + "' from query-colo-status");
        };
    }

    /** The role a node in this mode plays, or null outside COLO. */
    public Role role() {
        return this == PRIMARY ? Role.PRIMARY : this == SECONDARY ? Role.SECONDARY : null;
    }

    /** QEMU's word ("primary"), as logs and the GUI have always shown it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
