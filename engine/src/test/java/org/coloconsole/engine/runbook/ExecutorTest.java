package org.coloconsole.engine.runbook;

import org.coloconsole.engine.model.RunResult;

import org.coloconsole.engine.model.RunListener;

import org.coloconsole.engine.cluster.Slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.remote.AbstractHost;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.RunningCommand;
import org.coloconsole.engine.remote.Tunnel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's logic with scripted actions (no QEMU, no host). */
class ExecutorTest {
    @TempDir
    Path dir;

    /** A host that refuses everything: these runbooks never touch it (and observe() must cope). */
    static final class NoHost extends AbstractHost {
        @Override
        public String name() {
            return "nohost";
        }

        @Override
        public RunningCommand start(Command command) {
            throw new org.coloconsole.engine.remote.HostException(name(), "no host in this test");
        }

        @Override
        public Tunnel tunnelToUnixSocket(String remotePath) {
            throw new org.coloconsole.engine.remote.HostException(name(), "no host in this test");
        }

        @Override
        public Tunnel tunnelToPort(String address, int port) {
            throw new org.coloconsole.engine.remote.HostException(name(), "no host in this test");
        }

        @Override
        public void close() {
        }
    }

    private final PairSpec pair = LabProfile.profile(Path.of("/opt/lab"), Path.of("/srv/pair")).pair("lab").orElseThrow();
    private final List<String> ran = new ArrayList<>();

    private PairContext ctx() {
        return new PairContext(pair, n -> new NoHost(), new Journal(dir.resolve("j.jsonl")));
    }

    private Step step(String id, String answer, Check check) {
        return new Step(id, "step " + id, Slot.PRIMARY_NODE, Actions.custom("do " + id, (c, s) -> {
            ran.add(id);
            if (answer == null) {
                throw new StepFailedException(id + " broke");
            }
            return answer;
        }), check, Duration.ofSeconds(5));
    }

    @Test
    void runsEveryStepInOrderAndJournalsIt() {
        Check good = Checks.of("always fine", (c, s) -> "fine");
        Runbook rb = new Runbook("demo", pair, List.of(step("a", "A", good), step("b", "B", null), step("c", "C", good)));
        List<String> seen = new ArrayList<>();
        RunResult r = Executor.run(rb, ctx(), new RunListener() {
            @Override
            public void stepStarted(int index, int total, org.coloconsole.engine.model.StepInfo step) {
                seen.add(index + "/" + total + " " + step.id());
            }

            @Override
            public void answered(org.coloconsole.engine.model.StepInfo step, String answer) {
                seen.add("answer " + answer);
            }
        });
        assertTrue(r.ok(), r.summary());
        assertEquals(3, r.stepsDone());
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(List.of("0/3 a", "answer A", "1/3 b", "answer B", "2/3 c", "answer C"), seen);
        List<String> events = new Journal(dir.resolve("j.jsonl")).read().stream().map(o -> o.get("event").asText()).toList();
        assertEquals(List.of("runbook-started", "sent", "answer", "check-passed", "sent", "answer", "sent", "answer",
                "check-passed", "runbook-finished"), events);
    }

    @Test
    void stopsAtTheFirstFailureAndReportsStepCommandErrorAndState() {
        Runbook rb = new Runbook("demo", pair, List.of(step("a", "A", null), step("b", null, null), step("c", "C", null)));
        RunResult r = Executor.run(rb, ctx(), RunListener.NONE);
        assertFalse(r.ok());
        assertEquals(List.of("a", "b"), ran, "nothing after the failed step runs");
        assertEquals("b", r.failedStep().id());
        assertEquals("b broke", r.error());
        assertTrue(r.observedState().contains("not reachable over QMP"), r.observedState());
        assertTrue(r.summary().contains("FAILED at step 2") && r.summary().contains("do b"), r.summary());
        List<String> events = new Journal(dir.resolve("j.jsonl")).read().stream().map(o -> o.get("event").asText()).toList();
        assertTrue(events.containsAll(List.of("step-failed", "observed-state")), events.toString());
    }

    @Test
    void aFailedCheckFailsTheStep() {
        Check bad = Checks.of("the node is in COLO", (c, s) -> {
            throw new StepFailedException("saw mode none");
        });
        RunResult r = Executor.run(new Runbook("demo", pair, List.of(step("a", "A", bad), step("b", "B", null))), ctx(),
                RunListener.NONE);
        assertFalse(r.ok());
        assertEquals(List.of("a"), ran);
        assertEquals("saw mode none", r.error());
    }

    @Test
    void aStepThatOverrunsItsBoundFails() {
        Step slow = new Step("slow", "a slow step", Slot.SECONDARY_NODE, Actions.custom("sleep", (c, s) -> {
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
            return "late";
        }), null, Duration.ofMillis(200));
        long t0 = System.nanoTime();
        RunResult r = Executor.run(new Runbook("demo", pair, List.of(slow)), ctx(), RunListener.NONE);
        assertFalse(r.ok());
        assertTrue(r.error().contains("did not finish within"), r.error());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos(), "the bound was not enforced");
    }

    @Test
    void theDryRunShowsEveryCommandAndSendsNothing() {
        String plan = Runbooks.failoverToPrimary(pair).plan();
        assertTrue(plan.contains("{\"execute\":\"x-colo-lost-heartbeat\"}"), plan);
        assertTrue(plan.contains("drive_del replication0"), plan);
        assertTrue(plan.contains("(11 steps)"), plan);
        assertTrue(plan.contains("exec-oob yank"), "the yank of the dead peer's sockets is in the plan: " + plan);
        String protect = Runbooks.protect(pair).plan();
        assertTrue(protect.contains("-incoming tcp:127.0.0.2:9998") && protect.contains("nbd-server-start"), protect);
    }

    /** A later step fails: the done steps' undos run, newest first, are journaled, and said in the result. */
    @Test
    void aFailureUndoesTheDoneStepsNewestFirst() throws Exception {
        List<String> undone = new ArrayList<>();
        Step freeze = step("freeze", "frozen", null).undoneBy(Actions.custom("thaw", (c, s) -> {
            undone.add("thaw");
            return "thawed";
        }));
        Step detach = step("detach", "detached", null).undoneBy(Actions.custom("reattach", (c, s) -> {
            undone.add("reattach");
            return "reattached";
        }));
        Step plain = step("plain", "ok", null);
        RunResult r = Executor.run(new Runbook("demo", pair, List.of(freeze, plain, detach, step("migrate", null, null))),
                ctx(), RunListener.NONE);
        assertFalse(r.ok());
        assertEquals(List.of("reattach", "thaw"), undone, "newest first, only steps with an undo");
        assertTrue(r.observedState().startsWith("undone on the primary node: reattach; undone on the primary node: thaw;"),
                r.observedState());
        String journal = java.nio.file.Files.readString(dir.resolve("j.jsonl"));
        assertTrue(journal.contains("\"undone\"") && journal.contains("thaw: thawed"), journal);
        // Without a failure nothing is undone.
        undone.clear();
        assertTrue(Executor.run(new Runbook("demo", pair, List.of(freeze, plain)), ctx(), RunListener.NONE).ok());
        assertEquals(List.of(), undone);
    }

    /** A failure after a committing step keeps what came before it, and a crash recovery does too. */
    @Test
    void aFailureAfterTheCommitPointUndoesNothingBeforeIt() throws Exception {
        List<String> undone = new ArrayList<>();
        Step start = step("start-new-secondary", "started", null).undoneBy(Actions.custom("stop it", (c, s) -> {
            undone.add("stop");
            return "stopped";
        }));
        Step inColo = step("new-secondary-colo", "in COLO", null).committing();
        RunResult r = Executor.run(new Runbook("resume-demo", pair, List.of(start, inColo, step("primary-colo", null, null))),
                ctx(), RunListener.NONE);
        assertFalse(r.ok());
        assertEquals(List.of(), undone, "the new secondary in COLO is kept: " + r.observedState());
        // Without the commit point the same failure stops it (the oracle can fail).
        Executor.run(new Runbook("resume-demo", pair, List.of(start, step("new-secondary-colo", "in COLO", null),
                step("primary-colo", null, null))), ctx(), RunListener.NONE);
        assertEquals(List.of("stop"), undone);
        // A process that died after the commit point: recovery finds nothing to take back.
        Journal j = new Journal(dir.resolve("crash.jsonl"));
        j.record("resume-demo", null, null, "runbook-started", "3 steps");
        j.record("resume-demo", "start-new-secondary", Slot.SECONDARY_NODE, Recovery.UNDO_REGISTERED, "{\"stop-qemu\":true}");
        j.record("resume-demo", "new-secondary-colo", Slot.SECONDARY_NODE, Recovery.COMMITTED, "kept");
        assertEquals(List.of(), Recovery.find(j).orElseThrow().undos());
        assertTrue(Runbooks.resume(pair, Slot.PRIMARY_NODE, false).steps().stream()
                .anyMatch(s -> s.id().equals("new-secondary-colo") && s.commits()), "the resume commits once the new secondary is in COLO");
    }

    @Test
    void aFailedResumeNeverLeavesTheOnlyVmPaused() {
        Runbook rb = Runbooks.resume(pair, Slot.PRIMARY_NODE, false);
        Step stop = rb.steps().stream().filter(s -> s.id().equals("resume-stop")).findFirst().orElseThrow();
        assertTrue(stop.undo() != null && stop.undo().describe().contains("cont"), stop.info(0).plan());
    }
}
