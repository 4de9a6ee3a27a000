package org.coloconsole.engine.runbook;

import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;

/**
 * Which of the profile's two nodes a step acts on. Slots are fixed by the profile; roles move
 * between them with failover and resume.
 */
public enum Slot {
    PRIMARY_NODE, SECONDARY_NODE;

    public NodeSpec of(PairSpec pair) {
        return this == PRIMARY_NODE ? pair.primary() : pair.secondary();
    }

    public Slot other() {
        return this == PRIMARY_NODE ? SECONDARY_NODE : PRIMARY_NODE;
    }

    public String label() {
        return this == PRIMARY_NODE ? "primary node" : "secondary node";
    }
}
