package org.coloconsole.engine.model;

/** Progress of a runbook, step by step (the GUI's ticks, the CLI's lines). Called on the executor's thread. */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    default void stepStarted(int index, int total, StepInfo step) {
    }

    default void sent(StepInfo step, String what) {
    }

    default void answered(StepInfo step, String answer) {
    }

    default void checked(StepInfo step, String observed) {
    }

    /** Progress of a long step, e.g. the resync: "1.2 GiB of 10 GiB, 85 MiB/s, 1 min left". */
    default void progress(StepInfo step, String text) {
    }

    /** The same with the share done (0..1; negative when unknown). By default only the text is used. */
    default void progress(StepInfo step, String text, double fraction) {
        progress(step, text);
    }

    default void stepFailed(StepInfo step, String error) {
    }

    /** The step's work was found already done on the node, so it was not repeated. */
    default void skipped(StepInfo step, String reason) {
    }

    /** A later step failed, so this step's work was undone (or the undo failed: {@code ok} false). */
    default void undone(StepInfo step, boolean ok, String answer) {
    }

    default void finished(RunResult result) {
    }
}
