package org.coloconsole.engine.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.coloconsole.engine.control.LogEntry;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.lab.LabTopology;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.testing.ConsoleRuns;
import org.coloconsole.engine.testing.GuestClient;
import org.coloconsole.engine.testing.PacemakerLabRun;
import org.coloconsole.engine.testing.TwoHostLab;
import org.coloconsole.engine.testing.Waits;

/**
 * Recovery time under Pacemaker, as a client of the guest sees it: from the fault to its open TCP
 * connection flowing again, on the two-host lab with a real Pacemaker cluster, for Corosync tokens
 * of 1000 and 500 ms and three faults (the primary's QEMU killed, the primary's host powered off,
 * the hosts' link cut), beside the console's own automatic failover of the same pair without
 * Pacemaker (its QEMU killed), in the same run. Target per run: token + consensus + 1 s.
 * Writes engine/target/bench/pacemaker_rto.json:
 * {@code {"runs": [{"token_ms", "fault", "gap_ms", "target_ms", "met"}], "console_auto_gap_ms"}}.
 */
public final class PacemakerRtoBench {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/pacemaker_rto.json");
        ObjectNode o = BenchReport.object();
        ArrayNode runs = o.putArray("runs");
        int[] tokens = {1000, 500};
        for (int i = 0; i < tokens.length; i++) {
            int token = tokens[i];
            try (PacemakerLabRun run = PacemakerLabRun.start("cr" + i, new String[] {"10.219.0", "10.220.0"}[i], token, "pacemaker rto " + token)) {
                long target = token + Math.round(token * 1.2) + 1000;
                for (String fault : new String[] {"qemu-kill", "host-off", "partition"}) {
                    long gap = switch (fault) {
                        case "qemu-kill" -> run.qemuKill();
                        case "host-off" -> run.hostOff();
                        default -> run.partition();
                    };
                    ObjectNode r = runs.addObject();
                    r.put("token_ms", token);
                    r.put("fault", fault);
                    r.put("gap_ms", gap);
                    r.put("target_ms", target);
                    r.put("met", gap <= target);
                    System.out.println("[pacemaker rto] token " + token + " " + fault + ": " + gap + " ms (target " + target + ")");
                }
                run.keepLogs(Path.of("target", "bench", "pacemaker-rto-logs", "token-" + token));
                run.finish();
            }
        }
        o.put("console_auto_gap_ms", consoleAutoGap());
        o.put("note", "gap = the client's open connection silent from the fault to its first echo after; the agent's actions "
                + "go to the resident agent (no JVM per action); host-off is a silent power cut (no TCP reset); TCP's "
                + "retransmission backoff (client and guest) adds to the gap");
        BenchReport.write(out, o);
        System.out.println("[pacemaker rto] wrote " + out);
    }

    /** The console's own automatic failover (heartbeat, the lab's host fence, runbook) of the same lab pair: its QEMU killed. */
    private static long consoleAutoGap() throws Exception {
        try (TwoHostLab lab = TwoHostLab.start("cr9", "10.221.0", "");
             PairController console = lab.controller(Duration.ofMillis(500));
             GuestClient client = new GuestClient(lab.client(), LabTopology.GUEST_ADDRESS)) {
            java.util.List<LogEntry> log = new java.util.concurrent.CopyOnWriteArrayList<>();
            console.addLogListener(log::add);
            ConsoleRuns.ok(console, console.protectPlan());
            ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(30));
            GuestClient.Echo echo = client.echo(LabTopology.GUEST_ECHO_PORT, Duration.ofSeconds(120));
            echo.awaitFlowing(20, Duration.ofSeconds(30));
            console.armAutoFailover(true);
            int before = ConsoleRuns.countAutoFailovers(log);
            long kill = System.nanoTime();
            lab.killQemu("hostA");
            Waits.until(() -> ConsoleRuns.countAutoFailovers(log) > before, Duration.ofSeconds(60), "the automatic failover");
            echo.awaitFlowing(20, Duration.ofSeconds(60));
            long gap = echo.gapAroundMs(kill);
            System.out.println("[pacemaker rto] the console's own automatic failover: " + gap + " ms");
            return gap;
        }
    }
}
