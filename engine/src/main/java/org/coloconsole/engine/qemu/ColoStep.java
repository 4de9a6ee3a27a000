package org.coloconsole.engine.qemu;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One step of a COLO procedure, as data: the QMP call, its title, and everything a runbook needs
 * to run it safely, declared where the call is written (never re-derived from the command name):
 * which errors mean "already done", what proves it worked, how a later failure takes it back, and
 * how a re-run recognises it as done.
 *
 * @param call     what is sent
 * @param hmp      true when the call is an HMP command line (its answer is text; an error is a text too)
 * @param title    what the operator reads
 * @param tolerate errors that mean the work is already done
 * @param await    what proves it worked, beyond QEMU's answer
 * @param undo     how a later failure takes it back
 * @param undoCall the call that takes it back, for {@link Undo#CALL}
 * @param already  how a re-run finds it already done
 */
public record ColoStep(QmpCall call, boolean hmp, String title, Tolerate tolerate, Await await, Undo undo, QmpCall undoCall,
                       Already already) {

    /** Errors that mean "already done" (the answer QEMU gives a re-run). */
    public enum Tolerate { NOTHING, ALREADY_THERE, ALREADY_OUT_OF_COLO }

    /** What proves the step worked, beyond its answer. */
    public enum Await { ANSWER, MIGRATION_IN_COLO, RESYNC_JOB_GONE }

    /** How a later failure takes the step back. */
    public enum Undo { NONE, CALL, LEAVE_MIGRATION }

    /** How a re-run after a crash recognises the step's work as done. */
    public enum Already { NEVER, REPLICATION_CHILD_ATTACHED }

    static ColoStep qmp(QmpCall call, String title) {
        return new ColoStep(call, false, title, Tolerate.NOTHING, Await.ANSWER, Undo.NONE, null, Already.NEVER);
    }

    static ColoStep hmp(QmpCall call, String title) {
        return new ColoStep(call, true, title, Tolerate.NOTHING, Await.ANSWER, Undo.NONE, null, Already.NEVER);
    }

    ColoStep tolerating(Tolerate t) {
        return new ColoStep(call, hmp, title, t, await, undo, undoCall, already);
    }

    ColoStep awaiting(Await a) {
        return new ColoStep(call, hmp, title, tolerate, a, undo, undoCall, already);
    }

    ColoStep undoneBy(QmpCall c) {
        return new ColoStep(call, hmp, title, tolerate, await, Undo.CALL, c, already);
    }

    ColoStep undoneByLeavingMigration() {
        return new ColoStep(call, hmp, title, tolerate, await, Undo.LEAVE_MIGRATION, null, already);
    }

    ColoStep doneWhen(Already a) {
        return new ColoStep(call, hmp, title, tolerate, await, undo, undoCall, a);
    }

    /** A stable id: the command, and the object's id when it has one ("object-add-comp0"). */
    public String id() {
        JsonNode id = call.arguments() == null ? null : call.arguments().get("id");
        return call.command() + (id == null ? "" : "-" + id.asText());
    }
}
