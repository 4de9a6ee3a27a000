package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.testing.PacemakerLabRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pair under a real Pacemaker 2.1 + Corosync 3 cluster on the two-host lab (see
 * {@link PacemakerLabRun}): Pacemaker alone decides, the engine's runbooks act, the console only
 * watches (its own automatic failover is off) and switches over through Pacemaker. Four faults,
 * each followed by the client's same connection, every acknowledged write on the survivor, and
 * Pacemaker bringing the pair back to Protected:
 * <ol>
 * <li>the primary's QEMU killed: the secondary promoted (failover runbook), the old primary resynced;</li>
 * <li>the primary's host powered off: fenced, the secondary promoted; powered on, it rejoins and resyncs;</li>
 * <li>the hosts' link cut while both reach qnetd: only the quorate side keeps the guest, the other is fenced;</li>
 * <li>a switchover from the console.</li>
 * </ol>
 * The console's log must show each Pacemaker stage.
 */
@Tag("e2e")
@Timeout(value = 25, unit = TimeUnit.MINUTES)
class PacemakerE2E {
    @Test
    void pacemakerFailsOverWithTheEnginesRunbooksAndTheClientNeverNotices() throws Exception {
        List<String> gaps = new ArrayList<>();
        try (PacemakerLabRun run = PacemakerLabRun.start("cp", "10.218.0", 1000, "pacemaker e2e")) {
            try {
                gaps.add("qemu-kill " + run.qemuKill() + " ms");
                gaps.add("host-off " + run.hostOff() + " ms");
                gaps.add("partition " + run.partition() + " ms");
                gaps.add("switchover " + run.switchover() + " ms");
                run.finish();
                run.say("client gaps: " + gaps);
                run.say(run.cluster.status().text());

                List<String> said = run.log.stream().filter(e -> e.source().equals("pacemaker")).map(e -> e.text()).toList();
                run.say("the console's Pacemaker lines:\n  " + String.join("\n  ", said));
                for (String stage : List.of("Pacemaker: promoted on hostb", "Pacemaker: promoted on hosta",
                        "Pacemaker: node hostb offline", "Pacemaker: fencing reboot of hostb by hosta: success",
                        "operator: move the promoted role", "operator: constraints cleared")) {
                    assertTrue(said.stream().anyMatch(t -> t.contains(stage)), "the console's log shows '" + stage + "': " + said);
                }
                assertTrue(said.stream().anyMatch(t -> t.startsWith("Pacemaker: failed action colo-lab_monitor")),
                        "the failed monitor of the killed QEMU: " + said);
            } catch (Exception | AssertionError e) {
                run.say("diagnostics:" + run.diagnostics());
                throw e;
            } finally {
                run.keepLogs(Path.of("target", "pacemaker-e2e"));
            }
        }
    }
}
