package org.coloconsole.engine.model;

import org.coloconsole.engine.model.ColoMode;
import org.coloconsole.engine.model.NodeObservation;

/**
 * What the OCF agent's {@code monitor} tells Pacemaker about this host's node, from what its QEMU
 * says: not running (7), running as the secondary (0), promoted (8: the COLO primary, or running
 * alone after a failover), or failed (1; 9 when it was the primary). The exit codes are the OCF
 * standard's.
 */
public record OcfStatus(int code, String reason) {
    public static final int SUCCESS = 0;
    public static final int ERR_GENERIC = 1;
    public static final int ERR_UNIMPLEMENTED = 3;
    public static final int ERR_CONFIGURED = 6;
    public static final int NOT_RUNNING = 7;
    public static final int RUNNING_PROMOTED = 8;
    public static final int FAILED_PROMOTED = 9;

    /**
     * @param o         the node's QMP observation
     * @param qemuAlive whether its QEMU process (by its pid file) is alive
     */
    public static OcfStatus of(NodeObservation o, boolean qemuAlive) {
        if (!o.reachable()) {
            return qemuAlive ? new OcfStatus(ERR_GENERIC, "QEMU runs but its QMP does not answer (" + o.error() + ")")
                    : new OcfStatus(NOT_RUNNING, "no QEMU runs");
        }
        boolean wasPrimary = o.coloMode() == ColoMode.PRIMARY || (o.coloMode() == ColoMode.NONE && o.lastMode() != null
                && o.lastMode() != ColoMode.NONE);
        if (o.replicationError() != null) {
            return new OcfStatus(wasPrimary ? FAILED_PROMOTED : ERR_GENERIC, "replication error: " + o.replicationError());
        }
        if (o.coloMode() == ColoMode.PRIMARY) {
            return new OcfStatus(RUNNING_PROMOTED, "COLO primary, runstate " + o.runstate());
        }
        if (o.coloMode() == ColoMode.SECONDARY) {
            return new OcfStatus(SUCCESS, "COLO secondary, runstate " + o.runstate());
        }
        if (o.aloneAfterFailover()) {
            // Running alone after a failover is the promoted role; paused alone is an outage.
            return "running".equals(o.runstate()) ? new OcfStatus(RUNNING_PROMOTED, "runs alone after a failover (was "
                    + o.lastMode() + ")") : new OcfStatus(FAILED_PROMOTED, "alone and " + o.runstate() + ": clients get nothing");
        }
        // QEMU runs but COLO has not started (a protect in progress): not yet either role.
        return new OcfStatus(SUCCESS, "QEMU runs, not in COLO yet (runstate " + o.runstate() + ")");
    }
}
