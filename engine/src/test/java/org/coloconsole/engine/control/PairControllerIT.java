package org.coloconsole.engine.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.cluster.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Actions;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.RunListener;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.runbook.Slot;
import org.coloconsole.engine.runbook.Step;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's facade on this machine (no QEMU running): fencing, one runbook at a time, export, assessment. */
@Tag("integration")
class PairControllerIT {
    @TempDir
    Path dir;

    private PairController controller(String extraPairKeys) {
        String yaml = LabProfile.yaml(dir.resolve("assets"), dir.resolve("pair"))
                .replace("    checkpointDelayMs: 2000\n", "    checkpointDelayMs: 2000\n" + extraPairKeys);
        PairSpec pair = ProfileLoader.parse("t.yaml", yaml).pairs().get(0);
        return new PairController(pair, n -> new LocalHost(), new Journal(dir.resolve("journal.jsonl")),
                Duration.ofMillis(200), 1000);
    }

    @Test
    void theConfiguredFenceRunsWithNodeAndPidAndOnlyExitZeroCounts() throws Exception {
        List<LogEntry> log = new CopyOnWriteArrayList<>();
        try (PairController c = controller("    fence: [sh, -c, 'echo fenced $0 pid=$1', '{node}', '{pid}']\n")) {
            c.addLogListener(log::add);
            String pidFile = c.pair().primary().pidFile();
            Files.createDirectories(Path.of(pidFile).getParent());
            Files.writeString(Path.of(pidFile), "4242\n");
            FenceOutcome o = c.fence(Slot.PRIMARY_NODE);
            assertTrue(o.configured() && o.ok(), o.toString());
            assertEquals("exit 0: fenced primary-node pid=4242", o.detail());
            assertTrue(log.stream().anyMatch(e -> e.source().equals("fence") && e.text().startsWith("sent: sh -c")), log.toString());
            assertTrue(Files.readString(dir.resolve("journal.jsonl")).contains("fenced primary-node"));
        }
        try (PairController c = controller("    fence: [sh, -c, 'echo no power switch >&2; exit 3']\n")) {
            FenceOutcome o = c.fence(Slot.SECONDARY_NODE);
            assertTrue(o.configured());
            assertFalse(o.ok(), "a failed fence proves nothing");
            assertEquals("exit 3: no power switch", o.detail());
        }
        try (PairController c = controller("")) {
            FenceOutcome o = c.fence(Slot.SECONDARY_NODE);
            assertFalse(o.configured() || o.ok());
            assertTrue(o.detail().contains("profile key 'fence'"), o.detail());
        }
    }

    @Test
    void oneRunbookAtATimeAndEveryStepInTheLog() throws Exception {
        try (PairController c = controller("")) {
            List<LogEntry> log = new CopyOnWriteArrayList<>();
            c.addLogListener(log::add);
            CountDownLatch release = new CountDownLatch(1);
            Runbook slow = new Runbook("slow", c.pair(), List.of(new Step("wait", "wait for the test", Slot.PRIMARY_NODE,
                    Actions.custom("wait", (ctx, s) -> {
                        try {
                            return release.await(10, TimeUnit.SECONDS) ? "released" : "timed out";
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return "interrupted";
                        }
                    }), null, Duration.ofSeconds(20))));
            var first = c.run(slow, RunListener.NONE);
            assertEquals("slow", c.running().orElseThrow());
            assertTrue(c.actions().hint().contains("'slow' is running"), c.actions().hint());
            var second = c.run(c.protectPlan(), RunListener.NONE);
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, second::get);
            assertTrue(refused.getCause().getMessage().contains("'slow' is running"), refused.getCause().getMessage());
            release.countDown();
            assertTrue(first.get(10, TimeUnit.SECONDS).ok());
            assertTrue(c.running().isEmpty());
            assertTrue(log.stream().anyMatch(e -> e.source().equals("runbook slow") && e.text().equals("← released")), log.toString());
        }
    }

    @Test
    void withNoQemuThereIsNothingToFailOverToAndHistoryStillExports() throws Exception {
        try (PairController c = controller("")) {
            FailoverAssessment a = c.assessFailover();
            assertFalse(a.possible());
            assertNull(a.survivor());
            assertTrue(a.blocker().contains("no node is in COLO"), a.blocker());
            assertEquals(2, a.evidence().size());
            assertTrue(a.evidence().get(0).contains("QEMU does not answer") && a.evidence().get(0).contains("host reachable"),
                    a.evidence().get(0));
            List<Path> files = c.exportHistory(dir.resolve("export"));
            assertEquals(3, files.size());
            assertTrue(Files.readString(files.get(0)).startsWith("index,"), Files.readString(files.get(0)));
        }
    }
}
