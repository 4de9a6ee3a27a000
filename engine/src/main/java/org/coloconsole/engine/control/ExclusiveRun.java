package org.coloconsole.engine.control;

import java.util.Optional;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.runbook.Recovery;
import org.coloconsole.engine.runbook.RunListener;
import org.coloconsole.engine.runbook.RunResult;
import org.coloconsole.engine.runbook.Runbook;

/**
 * How a runbook runs outside a console (coloctl): under the pair's lock, after undoing what an
 * interrupted runbook left (holding the lock proves its process is gone).
 */
public final class ExclusiveRun {
    private ExclusiveRun() {
    }

    /** What happened: the recovery's report (if there was one to do), then the runbook's result. */
    public record Outcome(Optional<String> recovered, RunResult result) {
    }

    /** @throws PairBusyException another console or coloctl holds the pair */
    public static Outcome run(PairContext ctx, Runbook rb, String what, RunListener listener) {
        try (PairLock lock = PairLock.forRunbook(ctx, rb, what)) {
            Optional<String> recovered = Recovery.undoInterrupted(ctx);
            return new Outcome(recovered, Executor.run(rb, ctx, listener));
        }
    }
}
