package org.coloconsole.engine.model;

import org.coloconsole.engine.cluster.Slot;

/**
 * One runbook step as everyone outside the executor sees it: the dry run, the wizard's list,
 * coloctl's lines, the journal and the failure summary all render this same object, so a title
 * or a check is never re-derived from a command name.
 *
 * @param index 0-based position in its runbook
 * @param sends exactly what the step sends (QMP command with arguments, or host command)
 * @param check what proves it worked, or null when the action's own answer is the proof
 * @param undo  what puts the node back if a later step fails, or null
 */
public record StepInfo(int index, String id, String title, Slot slot, String sends, String check, String undo) {

    /** The dry-run lines of this step. */
    public String plan() {
        return "[" + slot.label() + "] " + title + "\n      send:  " + sends
                + (check == null ? "" : "\n      check: " + check)
                + (undo == null ? "" : "\n      undo:  " + undo + " (if a later step fails)");
    }
}
