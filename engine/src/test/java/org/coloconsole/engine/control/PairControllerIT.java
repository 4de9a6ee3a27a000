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
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.FenceSpec;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.model.FenceOutcome;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Actions;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.cluster.Slot;
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

    /** A fence agent for these tests: a shell script reading the fence-agents stdin protocol. */
    private Path agent(String name, String body) throws Exception {
        Path a = dir.resolve(name);
        Files.writeString(a, "#!/bin/sh\nwhile IFS='=' read -r k v; do [ \"$k\" = action ] && action=$v; "
                + "[ \"$k\" = password ] && pw=$v; done\n" + body + "\n");
        a.toFile().setExecutable(true);
        return a;
    }

    private PairController fenced(Path agent, String extra) {
        String yaml = LabProfile.yaml(dir.resolve("assets"), dir.resolve("pair"), agent)
                .replace("        level: process\n", "        level: process\n" + extra);
        if (extra.contains("secret")) {
            yaml = yaml.replace("options: {pidfile:", "options: {password: hunter2, pidfile:");
        }
        PairSpec pair = ProfileLoader.parse("t.yaml", yaml).pairs().get(0);
        return new PairController(pair, n -> new LocalHost(), new Journal(dir.resolve("journal.jsonl")),
                Duration.ofMillis(200), 1000);
    }

    @Test
    void aFenceCountsOnlyWhenTheAgentSaysOffStatusSaysOffAndTheNodeStaysSilent() throws Exception {
        // Off, then status off, and no QEMU answers: proven, in three silent probes.
        Path good = agent("good", "case $action in off) echo powered off;; status) echo Status: OFF; exit 2;; esac");
        List<LogEntry> log = new CopyOnWriteArrayList<>();
        try (PairController c = fenced(good, "")) {
            c.addLogListener(log::add);
            FenceOutcome o = c.fence(Slot.PRIMARY_NODE);
            assertTrue(o.configured() && o.ok(), o.toString());
            assertTrue(o.steps().contains("probe 3/3: silent"), o.steps().toString());
            assertTrue(o.steps().get(1).contains("exit 0: powered off"), o.steps().toString());
            assertTrue(log.stream().anyMatch(e -> e.source().equals("fence") && e.text().contains("fenced and verified")),
                    log.toString());
            String journal = Files.readString(dir.resolve("journal.jsonl"));
            assertTrue(journal.contains("action=off pidfile=") && journal.contains("fenced and verified"), journal);
        }
        // The agent says off, but its status says on.
        Path liar = agent("liar", "case $action in off) exit 0;; status) echo Status: ON; exit 0;; esac");
        try (PairController c = fenced(liar, "")) {
            FenceOutcome o = c.fence(Slot.SECONDARY_NODE);
            assertFalse(o.ok(), "off while status says on proves nothing");
            assertTrue(o.detail().contains("still on"), o.detail());
        }
        // The agent fails: its answer is shown, the password in it is not.
        Path failing = agent("failing", "echo \"login as admin/$pw refused\" >&2; exit 1");
        try (PairController c = fenced(failing, "        secret: [password]\n")) {
            FenceOutcome o = c.fence(Slot.SECONDARY_NODE);
            assertFalse(o.ok());
            assertTrue(o.detail().contains("exit 1: login as admin/*** refused"), o.detail());
        }
        // The agent hangs: the fence gives up at its own deadline, not the agent's.
        Path hanging = agent("hanging", "exec sleep 60");
        PairSpec hangs;
        try (PairController c = fenced(hanging, "")) {
            hangs = withTimeout(c.pair(), 1500);
        }
        try (PairController c = new PairController(hangs, n -> new LocalHost(), new Journal(dir.resolve("j2.jsonl")),
                Duration.ofMillis(200), 100)) {
            long t0 = System.nanoTime();
            FenceOutcome o = c.fence(Slot.SECONDARY_NODE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(o.ok());
            assertTrue(o.detail().contains("did not finish within the fence's deadline of 1500 ms"), o.detail());
            assertTrue(ms < 5000, "bounded by the fence's deadline: " + ms + " ms");
        }
        // "Off" and status off, but the node's QEMU still runs (a fence that hit the wrong thing).
        Process alive = new ProcessBuilder("sleep", "60").start();
        try (PairController c = fenced(good, "")) {
            Path pidFile = Path.of(c.pair().secondary().pidFile());
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, alive.pid() + "\n");
            FenceOutcome o = c.fence(Slot.SECONDARY_NODE);
            assertFalse(o.ok(), "the node still answers: not fenced");
            assertTrue(o.detail().contains("still runs (pid " + alive.pid()), o.detail());
        } finally {
            alive.destroyForcibly();
        }
        try (PairController c = controller("")) {
            FenceOutcome o = c.fence(Slot.SECONDARY_NODE);
            assertFalse(o.configured() || o.ok());
            assertTrue(o.detail().contains("profile key secondary.fence"), o.detail());
        }
        assertFalse(Files.readString(dir.resolve("journal.jsonl")).contains("hunter2"));
    }

    private static PairSpec withTimeout(PairSpec p, int ms) {
        var f = p.secondary().fence();
        var s = p.secondary();
        NodeSpec sec = new NodeSpec(s.role(), s.host(), s.replicationAddress(), s.qemuBinary(), s.accelerator(),
                s.memoryKiB(), s.cpus(), s.image(), s.workDir(), s.portBase(), s.network(), s.nic(), s.boot(), s.tcgShim(),
                s.extraArgs(), new FenceSpec(f.agent(), f.options(), f.secrets(), ms, f.verifyProbes(), f.level()));
        return new PairSpec(p.name(), p.primary(), sec, p.checkpointDelayMs(), p.compareTimeoutMs(),
                p.expiredScanCycleMs(), p.resyncMiBps(), p.probe());
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
