package org.coloconsole.engine.heartbeat;

import org.coloconsole.engine.model.FenceOutcome;
import org.coloconsole.engine.cluster.Slot;

/**
 * What must be true before the survivor may take over on its own. Without a guard there is no
 * automatic failover: the console alerts and offers the guided failover.
 */
public sealed interface SplitBrainGuard {

    /** No guard: automatic failover is refused. */
    record None() implements SplitBrainGuard {
    }

    /**
     * Power off the failed node first; only a verified fence (see
     * {@link org.coloconsole.engine.fence.NodeFencer}) within {@code timeoutMs} of its own start
     * lets the survivor take over.
     */
    record Fence(Fencing fencing, long timeoutMs) implements SplitBrainGuard {
    }

    /** Fences one node and says whether it is proven dead (each node has its own agent). */
    @FunctionalInterface
    interface Fencing {
        FenceOutcome fence(Slot target);
    }

    /** The console and the surviving node must both have lost the failed node. */
    record Witness() implements SplitBrainGuard {
    }
}
