package org.coloconsole.engine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.DrillReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coloctl drill}: a failover drill of a protected pair, for cron: exits 0 when every
 * objective is met, 1 when one is missed, 2 when the drill could not run or failed.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Failover drill: kill the primary's (or secondary's) QEMU, fail over, measure what clients saw, check the "
                + "data, resume to Protected, and write a report (JSON and HTML) beside the journal. Exit 0: passed; 1: an "
                + "objective missed; 2: the drill failed or was refused.")
final class DrillCommand extends RunbookCommands.Base {
    @Option(names = "--kill", defaultValue = "primary",
            description = "whose QEMU is killed: primary or secondary (by the role it has now), default primary")
    String kill;
    @Option(names = "--yes", description = "do not ask (cron): the drill kills a QEMU of a running pair")
    boolean yes;
    @Option(names = "--failback", description = "then drill the new primary too, so the pair ends in its original roles")
    boolean failback;

    @Override
    int run(PairSpec pair, PairController c) {
        c.start();
        c.recovery().join().ifPresent(r -> out().println("recovered first: " + r));
        c.pollNow();
        Slot victim = switch (kill) {
            case "primary" -> c.primaryNow();
            case "secondary" -> c.primaryNow().other();
            default -> throw new IllegalArgumentException("--kill: primary or secondary, not '" + kill + "'");
        };
        out().println(c.drillWarning(victim));
        out().flush();
        if (!yes && !confirmed(pair)) {
            spec.commandLine().getErr().println("coloctl drill: not confirmed; nothing was done");
            return 2;
        }
        DrillReport r = c.drill(victim, System.getProperty("user.name"), failback, line -> {
            out().println(line);
            out().flush();
        });
        out().println("verdict: " + r.verdict() + (r.reasons().isEmpty() ? "" : " (" + String.join("; ", r.reasons()) + ")"));
        out().println("client gap " + r.clientGapMs() + " ms, detect " + r.detectMs() + " ms, failover " + r.failoverMs()
                + " ms, Protected again after " + r.toProtectedMs() + " ms; data: " + r.dataCheck().detail());
        out().println("report: " + c.drillReportFile(r.id(), "html"));
        out().flush();
        return switch (r.verdict()) {
            case PASSED -> 0;
            case MISSED -> 1;
            case FAILED -> 2;
        };
    }

    private boolean confirmed(PairSpec pair) {
        out().print("Type the pair's name (" + pair.name() + ") to run the drill: ");
        out().flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line != null && line.strip().equals(pair.name());
        } catch (IOException e) {
            return false;
        }
    }
}
