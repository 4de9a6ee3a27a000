package org.coloconsole.engine.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.control.LogEntry;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.runbook.Runbook;

/** What the e2e tests ask of a console: run a runbook to success, wait for a state, read its log. */
public final class ConsoleRuns {
    private static final String AUTO = "runbook failover (automatic)";

    private ConsoleRuns() {
    }

    /** Runs {@code rb} on the console and fails the test unless it succeeds (bounded: 10 min). */
    public static void ok(PairController console, org.coloconsole.engine.model.Plan rb) throws Exception {
        RunResult r = console.run(rb, RunListener.NONE).get(10, TimeUnit.MINUTES);
        assertTrue(r.ok(), r.summary());
    }

    public static void awaitHealth(PairController console, PairState.Health h, Duration within) {
        Waits.until(() -> console.monitor().state().health() == h, within, h + " (now: " + console.monitor().state() + ")");
    }

    /** Automatic failovers that ended (done or failed), as the console's log says. */
    public static int countAutoFailovers(List<LogEntry> log) {
        return (int) log.stream().filter(e -> e.source().equals(AUTO)
                && (e.text().contains(": done,") || e.text().contains("FAILED at step"))).count();
    }

    /** The last automatic failover's end, or null. */
    public static LogEntry lastAutoFailover(List<LogEntry> log) {
        LogEntry last = null;
        for (LogEntry e : log) {
            if (e.source().equals(AUTO) && (e.text().contains(": done,") || e.text().contains("FAILED"))) {
                last = e;
            }
        }
        return last;
    }
}
