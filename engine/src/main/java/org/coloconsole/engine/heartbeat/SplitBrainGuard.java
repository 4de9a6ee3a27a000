package org.coloconsole.engine.heartbeat;

import java.util.List;

/**
 * What must be true before the survivor may take over on its own. Without a guard there is no
 * automatic failover: the console alerts and offers the guided failover.
 */
public sealed interface SplitBrainGuard {

    /** No guard: automatic failover is refused. */
    record None() implements SplitBrainGuard {
    }

    /**
     * Power off or isolate the failed node first; only a reported success (exit 0 within the
     * timeout) lets the survivor take over. A command, so the standard fence agents plug in
     * (fence_ipmilan, fence_virsh, …) as does a script.
     */
    record Fence(List<String> command, long timeoutMs) implements SplitBrainGuard {
        public Fence {
            command = List.copyOf(command);
        }
    }

    /** The console and the surviving node must both have lost the failed node. */
    record Witness() implements SplitBrainGuard {
    }
}
