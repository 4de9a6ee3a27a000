package org.coloconsole.engine.runbook;

/** What a step does. {@link #describe()} is exactly what it sends, for dry runs and the journal. */
public interface Action {

    String describe();

    /** Performs the action; returns the answer (QEMU's reply, a command's output) as text. */
    String run(PairContext ctx, Slot slot);
}
