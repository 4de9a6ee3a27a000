package org.coloconsole.engine.control;

import java.time.Duration;
import java.util.Optional;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.Runbooks;

/**
 * A drill whose process died mid-way (the console or coloctl killed): the journal shows it started
 * and never finished. The next start, holding the pair's lock, finishes it: the failover if the
 * victim is dead and its peer still waits in COLO, then the resume, until Protected; and journals
 * the drill as interrupted. The interrupted runbook itself was undone first ({@code Recovery}).
 */
final class DrillRecovery {
    private DrillRecovery() {
    }

    /** The interrupted drill's start record, if the journal ends inside a drill. */
    static Optional<ObjectNode> interrupted(Journal journal) {
        ObjectNode started = null;
        for (ObjectNode o : journal.read()) {
            String e = o.path("event").asText();
            if (e.equals("drill-started")) {
                started = o;
            } else if (e.equals("drill-finished")) {
                started = null;
            }
        }
        return Optional.ofNullable(started);
    }

    /** Finishes an interrupted drill (the caller holds the pair's lock); says what it did. */
    static String finish(PairController c, ObjectNode started) {
        String id = started.path("detail").asText().split(" ")[0];
        StringBuilder did = new StringBuilder();
        boolean ran = false;
        // At most a failover then a resume: each round acts on what the nodes say now.
        for (int round = 0; round < 3; round++) {
            PairState now = c.pollNow();
            if (now.health() == PairState.Health.PROTECTED) {
                break;
            }
            PairActions a = PairActions.of(c.observation(Slot.PRIMARY_NODE), c.observation(Slot.SECONDARY_NODE), null);
            if (a.failover() && a.failoverSurvivor() != null) {
                Slot survivor = a.failoverSurvivor();
                RunResult r = Executor.run(Runbooks.failover(c.pair(), survivor, c.observation(survivor).coloMode().role()),
                        c.context(), RunListener.NONE);
                did.append("failover to the ").append(survivor.label()).append(": ").append(r.summary()).append("; ");
                ran = true;
            } else if (a.resumePrimary() != null) {
                RunResult r = Executor.run(Runbooks.resume(c.pair(), a.resumePrimary(), a.resumeWasSecondary()), c.context(),
                        RunListener.NONE);
                did.append("resume from the ").append(a.resumePrimary().label()).append(": ").append(r.summary()).append("; ");
                ran = true;
            } else {
                did.append("nothing to run (").append(a.hint().isEmpty() ? now.reason() : a.hint()).append("); ");
                break;
            }
        }
        long deadline = System.nanoTime() + Duration.ofMillis(c.pair().drill().maxToProtectedMs()).toNanos();
        PairState st = c.pollNow();
        while (ran && st.health() != PairState.Health.PROTECTED && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
            st = c.pollNow();
        }
        did.append("the pair is ").append(st.health().label());
        String text = "drill " + id + " was INTERRUPTED (its process died); the next start finished it: " + did;
        c.journal().record("failover-drill", null, null, "drill-finished", "INTERRUPTED " + text);
        return text;
    }
}
