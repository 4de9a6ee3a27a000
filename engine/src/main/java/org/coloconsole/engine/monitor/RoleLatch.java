package org.coloconsole.engine.monitor;

import org.coloconsole.engine.model.ColoMode;

import org.coloconsole.engine.model.NodeObservation;

import org.coloconsole.engine.cluster.Slot;

/**
 * Which node is the primary now: latched per slot from what reachable nodes said, never derived
 * from an unreachable node's empty observation. After a resume the roles are swapped (the
 * profile's secondary node is primary); when that node then dies, its observation says nothing,
 * and only the latch still knows that the dead node was the primary. Pure and thread-safe.
 */
public final class RoleLatch {
    private Slot primary = Slot.PRIMARY_NODE;
    /** An observation has taught the latch: a seed from the journal no longer applies. */
    private boolean learnedFromANode;

    /**
     * What the journal says before any node answered (see {@code JournalRoles}): the last runbook
     * that set the roles. Any observation that teaches something overrides it.
     */
    public synchronized void seed(Slot primaryNow) {
        if (!learnedFromANode) {
            primary = primaryNow;
        }
    }

    /** The node that is primary now (the profile's primary until an observation says otherwise). */
    public synchronized Slot primaryNow() {
        return primary;
    }

    /**
     * Learns from one round of observations: a reachable node in COLO mode primary (or secondary)
     * fixes both roles; a reachable node running alone, out of COLO, while its peer is gone, is the
     * primary now (it survived a failover). An unreachable node teaches nothing.
     */
    public synchronized void observe(NodeObservation primaryNode, NodeObservation secondaryNode) {
        Slot learned = learn(Slot.PRIMARY_NODE, primaryNode, secondaryNode);
        if (learned == null) {
            learned = learn(Slot.SECONDARY_NODE, secondaryNode, primaryNode);
        }
        if (learned != null) {
            primary = learned;
            learnedFromANode = true;
        }
    }

    private static Slot learn(Slot slot, NodeObservation o, NodeObservation peer) {
        if (o == null || !o.reachable()) {
            return null;
        }
        if (o.coloMode() == ColoMode.PRIMARY) {
            return slot;
        }
        if (o.coloMode() == ColoMode.SECONDARY) {
            return slot.other();
        }
        boolean peerGone = peer == null || !peer.reachable();
        if (o.coloMode() == ColoMode.NONE && peerGone && ("running".equals(o.runstate()) || "paused".equals(o.runstate()))
                && o.lastMode() != ColoMode.NONE && o.lastMode() != null) {
            return slot;
        }
        return null;
    }
}
