package org.coloconsole.engine.control;

import org.coloconsole.engine.model.ColoMode;

import org.coloconsole.engine.model.NodeObservation;
import org.coloconsole.engine.cluster.Slot;

/**
 * Which operations make sense now, from what the two nodes' QEMUs last said: a button for one
 * that does not is disabled, with the reason as its hint.
 *
 * @param failoverSurvivor the node that would take over (null when failover makes no sense)
 * @param resumePrimary    the node running alone after a failover, from which replication resumes
 * @param resumeWasSecondary true when that node used to be the secondary ("resume from secondary")
 */
public record PairActions(boolean protect, boolean stop, boolean changeDelay, boolean failover, Slot failoverSurvivor,
                          boolean resumeFromPrimary, boolean resumeFromSecondary, Slot resumePrimary,
                          boolean resumeWasSecondary, String hint) {

    public static PairActions of(NodeObservation primaryNode, NodeObservation secondaryNode, String runningRunbook) {
        if (runningRunbook != null) {
            return new PairActions(false, false, false, false, null, false, false, null, false,
                    "the runbook '" + runningRunbook + "' is running");
        }
        boolean anyUp = primaryNode.reachable() || secondaryNode.reachable();
        Slot inColo = null;
        Slot alone = null;
        for (Slot s : Slot.values()) {
            NodeObservation o = s == Slot.PRIMARY_NODE ? primaryNode : secondaryNode;
            if (o.inColo()) {
                inColo = inColo == null ? s : inColo;
            } else if (o.aloneAfterFailover()) {
                alone = s;
            }
        }
        // Failover: a node still in COLO whose peer's QEMU does not answer.
        Slot survivor = null;
        if (inColo != null && !(inColo == Slot.PRIMARY_NODE ? secondaryNode : primaryNode).reachable()) {
            survivor = inColo;
        }
        // Resume: a node runs alone after a failover and the other node's QEMU is gone (its ports free).
        boolean canResume = alone != null && !(alone == Slot.PRIMARY_NODE ? secondaryNode : primaryNode).reachable();
        boolean wasSecondary = canResume && (alone == Slot.PRIMARY_NODE ? primaryNode : secondaryNode).lastMode() == ColoMode.SECONDARY;
        boolean primaryInColo = primaryInColo(primaryNode) || primaryInColo(secondaryNode);
        boolean protect = inColo == null && alone == null;
        String hint;
        if (survivor != null) {
            hint = "the " + survivor.other().label() + " does not answer: guided failover to the " + survivor.label();
        } else if (canResume) {
            hint = "the " + alone.label() + " runs alone: resume replication";
        } else if (protect && !anyUp) {
            hint = "no QEMU runs: protect starts the pair";
        } else if (primaryInColo) {
            hint = "";
        } else {
            hint = "waiting for the nodes";
        }
        return new PairActions(protect, anyUp, primaryInColo, survivor != null, survivor,
                canResume && !wasSecondary, canResume && wasSecondary, canResume ? alone : null, wasSecondary, hint);
    }

    private static boolean primaryInColo(NodeObservation o) {
        return o.is(ColoMode.PRIMARY);
    }
}
