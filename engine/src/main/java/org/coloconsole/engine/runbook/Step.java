package org.coloconsole.engine.runbook;

import org.coloconsole.engine.model.StepInfo;

import org.coloconsole.engine.cluster.Slot;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a runbook: the node it acts on, the action, the check that proves it worked (or
 * null when the action's own answer is the proof), and a time bound for both.
 */
public record Step(String id, String title, Slot slot, Action action, Check check, Duration timeout, Done done,
                   Action undo, boolean commits) {
    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(timeout, "timeout");
    }

    public Step(String id, String title, Slot slot, Action action, Check check, Duration timeout) {
        this(id, title, slot, action, check, timeout, null, null, false);
    }

    public Step(String id, String title, Slot slot, Action action, Check check, Duration timeout, Done done, Action undo) {
        this(id, title, slot, action, check, timeout, done, undo, false);
    }

    /**
     * Once this step has passed, what the runbook built is kept whatever fails later: the undos of
     * the steps before it are dropped (and journaled as dropped, so a crash recovery does not run
     * them either). A resume's new secondary in COLO holds the guest's last checkpoint: if the
     * primary dies before the resume's last check, it is the copy to fail over to, not one to stop.
     */
    public Step committing() {
        return new Step(id, title, slot, action, check, timeout, done, undo, true);
    }

    /**
     * What puts the node back if a later step of the runbook fails (a {@code stop} is undone by a
     * {@code cont}, so a failed resume never leaves the only VM paused). Undos run newest first.
     */
    public Step undoneBy(Action u) {
        return new Step(id, title, slot, action, check, timeout, done, u, commits);
    }

    /**
     * Tells from the node's real state that the step's work is already done (a runbook re-run
     * after the console crashed mid-way): returns why, or null to run the step.
     */
    @FunctionalInterface
    public interface Done {
        String already(PairContext ctx, Slot slot);
    }

    public Step skippingWhen(Done d) {
        return new Step(id, title, slot, action, check, timeout, d, undo, commits);
    }

    /** The step as data, for the dry run, the wizard, coloctl and the journal. */
    public StepInfo info(int index) {
        return new StepInfo(index, id, title, slot, action.describe(), check == null ? null : check.describe(),
                undo == null ? null : undo.describe());
    }
}
