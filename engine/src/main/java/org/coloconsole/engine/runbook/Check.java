package org.coloconsole.engine.runbook;

import org.coloconsole.engine.cluster.Slot;

/**
 * Proves a step worked by reading the node's real state back. Throws
 * {@link StepFailedException} with what it saw when the state is not the expected one.
 */
public interface Check {

    String describe();

    /** Returns what it observed (for the journal); throws if that is not good enough. */
    String verify(PairContext ctx, Slot slot);
}
