package org.coloconsole.engine.cluster;

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

    /** The profile's key for this node: {@code primary} or {@code secondary}. */
    public String key() {
        return this == PRIMARY_NODE ? "primary" : "secondary";
    }

    public String label() {
        return this == PRIMARY_NODE ? "primary node" : "secondary node";
    }

    /** A slot by the name coloctl takes: {@code primary-node} or {@code secondary-node}. */
    public static java.util.Optional<Slot> fromKey(String name) {
        return switch (name) {
            case "primary-node" -> java.util.Optional.of(PRIMARY_NODE);
            case "secondary-node" -> java.util.Optional.of(SECONDARY_NODE);
            default -> java.util.Optional.empty();
        };
    }
}
