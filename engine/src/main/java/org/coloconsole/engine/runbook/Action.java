package org.coloconsole.engine.runbook;

import org.coloconsole.engine.cluster.Slot;

/** What a step does. {@link #describe()} is exactly what it sends, for dry runs and the journal. */
public interface Action {

    String describe();

    /** Performs the action; returns the answer (QEMU's reply, a command's output) as text. */
    String run(PairContext ctx, Slot slot);

    /**
     * The action as data a restart can run without this object (see {@link Recovery}), or null
     * when it cannot be replayed from the journal.
     */
    default String replayable() {
        return null;
    }
}
