package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.coloconsole.engine.control.FailoverAssessment;
import org.coloconsole.engine.control.LogEntry;
import org.coloconsole.engine.control.PairBusyException;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.lab.LabTopology;
import org.coloconsole.engine.model.FenceOutcome;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.testing.FaultReport;
import org.coloconsole.engine.testing.ConsoleRuns;
import org.coloconsole.engine.testing.GuestClient;
import org.coloconsole.engine.testing.TwoHostLab;
import org.coloconsole.engine.testing.TwoPrimariesWatch;
import org.coloconsole.engine.testing.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The fault matrix of "never two primaries, nothing lost", on the two-host lab with automatic
 * failover armed, a client connection open the whole time (echo, one line every 50 ms) and
 * durable writes acknowledged by the guest every 300 ms. An oracle independent of the engine
 * ({@link TwoPrimariesWatch}) samples both QEMUs and the switch every 50 ms throughout.
 * Every case runs {@code faults.runs} times (2 in CI; {@code mvn -Pfaults} runs 10). Writes
 * {@code target/faults/faults.json}.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.MINUTES) // the full matrix (-Pfaults); CI runs two of each
class FaultMatrixE2E {
    private static final int RUNS = Integer.getInteger("faults.runs", 2);
    /** The long replication-link cut (60 s in the full matrix; CI keeps the 10 s one). */
    private static final int LONG_CUT_S = Integer.getInteger("faults.longCutSeconds", 0);
    private static final Duration HEARTBEAT_BOUND = Duration.ofSeconds(60);
    private static final String ONLY = System.getProperty("faults.only");

    private final FaultReport report = new FaultReport();
    private final List<LogEntry> log = new CopyOnWriteArrayList<>();
    private final long seed = Long.getLong("faults.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private TwoHostLab lab;
    private PairController console;
    private GuestClient client;
    private GuestClient.Echo echo;
    private GuestClient.Durable durable;
    private String marker;
    private TwoPrimariesWatch watch;
    private Path fenceMode;

    @BeforeAll
    void lab() throws Exception {
        lab = TwoHostLab.start("cf", "10.215.0", "", true, this::profile);
        console = lab.controller(Duration.ofMillis(500));
        console.addLogListener(log::add);
        ConsoleRuns.ok(console, console.protectPlan());
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
        client = new GuestClient(lab.client(), LabTopology.GUEST_ADDRESS);
        echo = client.echo(LabTopology.GUEST_ECHO_PORT, Duration.ofSeconds(120));
        durable = client.durable(LabTopology.GUEST_DURABLE_PORT, Duration.ofMillis(300), Duration.ofSeconds(60));
        marker = lab.bootMarker(lab.pair.primary());
        echo.awaitFlowing(20, Duration.ofSeconds(30));
        LabTopology t = lab.topo;
        watch = new TwoPrimariesWatch(List.of(t.workDir("hostA").resolve("qmp-watch.sock"),
                t.workDir("hostB").resolve("qmp-watch.sock")), t.switchNamespace(), LabTopology.GUEST_MAC).start();
        console.armAutoFailover(true);
        System.out.println("[faults] seed " + seed + ", " + RUNS + " runs per case");
    }

    /**
     * The lab's profile, with each node's fence behind a switch the test sets (real, fail, hang,
     * lie), a shorter fence deadline, and a third QMP socket per node for the independent oracle.
     */
    private String profile(LabTopology topo, String yaml) {
        try {
            fenceMode = topo.stateDir().resolve("fence-mode");
            Files.writeString(fenceMode, "real\n");
            Path real = org.coloconsole.engine.testing.LabFixture.repoRoot().resolve("installers/lab/fence_colo_lab");
            Path wrapper = topo.stateDir().resolve("fence-switch");
            Files.writeString(wrapper, """
                    #!/bin/sh
                    # The fault matrix's fence: the lab's real agent, or one that fails, hangs, or lies.
                    case "$(cat '%1$s' 2>/dev/null)" in
                      fail) cat >/dev/null; echo "fence-switch: no route to the power switch" >&2; exit 1 ;;
                      hang) exec sleep 600 ;;
                      lie)  in=$(cat); case "$in" in *action=status*) echo "Status: OFF"; exit 2 ;; *) exit 0 ;; esac ;;
                      *)    exec '%2$s' ;;
                    esac
                    """.formatted(fenceMode, real));
            wrapper.toFile().setExecutable(true);
            String out = yaml.replace("agent: " + real, "agent: " + wrapper).replace("timeoutMs: 20000", "timeoutMs: 8000");
            for (String host : List.of("hostA", "hostB")) {
                String wd = "      workDir: " + topo.workDir(host) + "\n";
                out = out.replace(wd, wd + "      extraArgs: [-qmp, 'unix:" + topo.workDir(host).resolve("qmp-watch.sock")
                        + ",server=on,wait=off']\n");
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void writeReport() throws Exception {
        if (watch != null) {
            watch.close();
            report.twoPrimariesSeen(watch.violations().size());
            System.out.println("[faults] two-primaries watch: " + watch.samples() + " samples, violations " + watch.violations());
        }
        Path f = report.write(Path.of("target", "faults"));
        System.out.println("[faults] " + f.toAbsolutePath() + "\n" + Files.readString(f));
        org.coloconsole.engine.testing.Closing.all(client, console, lab);
    }

    @Test
    void theFaultMatrix() throws Exception {
        String killed = "automatic failover to the right node; the dead node's host fenced and verified; the client's "
                + "connection survives, no line lost; every acknowledged durable write on the survivor; Protected again";
        boolean go = true;
        for (int i = 0; i < RUNS && go; i++) {
            // Run 2 on starts after a resume that swapped the roles: the new primary dies (case 11).
            boolean swapped = console.monitor().primaryNow() == Slot.SECONDARY_NODE;
            go = run("1. PVM SIGKILLed at a random moment", killed, () -> killQemu(true));
            if (swapped) {
                // The same run, seen as case 11: the profile's secondary is the primary now.
                report.ran("11. roles swapped by a resume, then the new primary dies", "the failover runs on the right "
                        + "node (the profile's primary node takes over) and the right node is fenced", go,
                        go ? null : "see case 1");
            }
        }
        for (int i = 0; i < RUNS && go; i++) {
            go = run("10. two consoles act on one pair at once", "while this console holds the pair, a second console "
                    + "on another machine (coloctl, its own state) and a second one on this machine are refused, told who "
                    + "holds the pair; nothing of theirs runs", this::secondConsoleRefused);
        }
        for (int i = 0; i < RUNS && go; i++) {
            go = run("2. SVM SIGKILLed at a random moment", killed, () -> killQemu(false));
        }
        for (int i = 0; i < RUNS && go; i++) {
            boolean swapped = console.monitor().primaryNow() == Slot.SECONDARY_NODE;
            go = run("3. the primary's whole host powered off", killed, this::powerOffPrimaryHost);
            if (swapped) {
                report.ran("11. roles swapped by a resume, then the new primary dies", "the failover runs on the right "
                        + "node (the profile's primary node takes over) and the right node is fenced", go,
                        go ? null : "see case 3");
            }
        }
        for (int i = 0; i < RUNS && go; i++) {
            go = run("4a. replication link cut for 10 s", "Stalled (or the secondary down) shown within two checkpoint "
                    + "intervals; no fence, no failover while armed; Protected again after, every held line delivered",
                    () -> cutReplication(10));
        }
        if (LONG_CUT_S > 0 && go) {
            go = run("4b. replication link cut for " + LONG_CUT_S + " s", "the same, for the long cut", () -> cutReplication(LONG_CUT_S));
        }
        for (int i = 0; i < RUNS && go; i++) {
            go = run("4c. replication link dropping packets, then the secondary's host dies", "the hung secondary is "
                    + "not fenced while its host lives; once the host is off: fenced, and the failover finishes in "
                    + "bounded time although the primary's sockets to it hang (yank); the client's connection "
                    + "survives, no acknowledged write lost", this::cutThenSecondaryHostDies);
        }
        for (int i = 0; i < RUNS && go; i++) {
            go = run("5. console cut from the secondary's host, pair healthy", "shown Degraded (observer blind); "
                    + "no fence, no failover; Protected again once the console's link is back", this::consoleCutFromOne);
        }
        for (int i = 0; i < RUNS && go; i++) {
            go = run("6. console cut from both hosts, one returns 3 s before the other", "no fence, no failover; "
                    + "Protected again", this::consoleCutFromBothUneven);
        }
        for (int i = 0; i < RUNS && go; i++) {
            go = run("7. SSH sessions to both hosts dropped mid-resume", "the resume either goes through (the engine "
                    + "reopens its sessions) or fails with a clear error naming the step, with what it did undone (the "
                    + "primary runs, alone, never left paused); then a rerun completes: Protected",
                    this::sshDroppedMidResume);
        }
        for (int i = 0; i < RUNS && go; i++) {
            go = run("8. coloctl killed at a random step of a resume, then a console starts", "the console's start "
                    + "undoes the half-done resume from the journal (cont, what was added removed, the new secondary "
                    + "stopped) and says so; the primary runs; a resume then completes: Protected", this::killedMidResume);
        }
        // One case, three ways a fence can fail: each once in CI (three runs), RUNS times in the full matrix.
        for (String mode : List.of("fail", "hang", "lie")) {
            for (int i = 0; i < (RUNS > 2 ? RUNS : 1) && go; i++) {
                go = run("9. the fence fails, hangs, or returns 0 while the node still answers",
                        "no failover; the pair HALTED with an alarm; the operator's verified fence and guided failover "
                                + "then recover it", () -> fenceFails(mode));
            }
        }
        report.twoPrimariesSeen(watch.violations().size());
        Path f = report.write(Path.of("target", "faults"));
        assertEquals(List.of(), watch.violations(), "never two guests outside COLO at once");
        assertTrue(report.allPassed(), "the fault matrix: " + Files.readString(f, StandardCharsets.UTF_8));
    }

    private interface Body {
        void run() throws Exception;
    }

    /** One run of a case; false when it failed (the matrix stops: the pair's state is then unknown). */
    private boolean run(String name, String checked, Body body) {
        if (ONLY != null && java.util.Arrays.stream(ONLY.split(",")).noneMatch(name::startsWith)) {
            return true; // -Dfaults.only=4c,7 runs those cases (to study them, or to check an oracle fails)
        }
        long t0 = System.nanoTime();
        try {
            body.run();
            report.ran(name, checked, true, null);
            System.out.println("[faults] PASSED " + name + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            return true;
        } catch (Throwable e) {
            String why = e + "\n" + lab.diagnostics() + "\nlast log: " + log.subList(Math.max(0, log.size() - 40), log.size());
            report.ran(name, checked, false, e.toString());
            System.out.println("[faults] FAILED " + name + ": " + why);
            e.printStackTrace(System.out);
            return false;
        }
    }

    // ---- the cases ----

    /** SIGKILL of the primary's (or the secondary's) QEMU at a random moment of the checkpoint cycle. */
    private void killQemu(boolean primary) throws Exception {
        LockSupport.parkNanos(Duration.ofMillis(random.nextInt(lab.pair.checkpointDelayMs())).toNanos());
        Slot victim = primary ? console.monitor().primaryNow() : console.monitor().primaryNow().other();
        String host = hostOf(victim);
        int before = ConsoleRuns.countAutoFailovers(log);
        long kill = System.nanoTime();
        lab.killQemu(host);
        awaitAutomaticFailover(before, victim);
        checkPromise(victim, kill, 20_000);
        lab.net.powerOn(host, l -> { });
        resume();
    }

    private void powerOffPrimaryHost() throws Exception {
        Slot victim = console.monitor().primaryNow();
        String host = hostOf(victim);
        int before = ConsoleRuns.countAutoFailovers(log);
        long kill = System.nanoTime();
        lab.net.powerOff(host);
        awaitAutomaticFailover(before, victim);
        checkPromise(victim, kill, 20_000);
        lab.net.powerOn(host, l -> { });
        resume();
    }

    private void cutReplication(int seconds) throws Exception {
        int failovers = ConsoleRuns.countAutoFailovers(log);
        int fences = countFences();
        long cut = System.nanoTime();
        lab.net.cutReplicationLink(true);
        try {
            Waits.until(() -> console.monitor().state().health() != PairState.Health.PROTECTED,
                    Duration.ofMillis(3L * lab.pair.checkpointDelayMs()), "the cut shown");
            long shown = (System.nanoTime() - cut) / 1_000_000;
            assertTrue(shown <= 2L * lab.pair.checkpointDelayMs(), "shown within two intervals: " + shown + " ms");
            parkUntil(cut + Duration.ofSeconds(seconds).toNanos());
        } finally {
            lab.net.cutReplicationLink(false);
        }
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(90));
        assertEquals(failovers, ConsoleRuns.countAutoFailovers(log), "no automatic failover on a cut link");
        assertEquals(fences, countFences(), "nothing fenced on a cut link");
        echo.awaitFlowing(20, Duration.ofSeconds(60));
        assertEquals(List.of(), echo.problems(), "every held line delivered, in order");
        assertTrue(console.autoFailoverArmed(), "still armed");
    }

    /**
     * The replication link drops every packet (no RST: the primary's COLO stream and NBD client
     * hang in the kernel's retransmissions), then the secondary's host dies. Without yank the
     * failover would wait for TCP to give up (minutes).
     */
    private void cutThenSecondaryHostDies() throws Exception {
        Slot victim = console.monitor().primaryNow().other();
        String host = hostOf(victim);
        int before = ConsoleRuns.countAutoFailovers(log);
        int fences = countFences();
        lab.net.cutReplicationLink(true);
        long kill;
        try {
            Waits.until(() -> console.monitor().state().health() != PairState.Health.PROTECTED,
                    Duration.ofMillis(3L * lab.pair.checkpointDelayMs()), "the cut shown");
            parkUntil(System.nanoTime() + Duration.ofSeconds(3).toNanos());
            assertEquals(fences, countFences(), "a hung secondary on a live host is not fenced");
            kill = System.nanoTime();
            lab.net.powerOff(host);
            awaitAutomaticFailover(before, victim);
            long took = (System.nanoTime() - kill) / 1_000_000;
            assertTrue(took < 30_000, "the failover finished " + took + " ms after the host died");
            assertTrue(readJournal().contains("yanked"), "the survivor's sockets to the dead peer were yanked");
        } finally {
            lab.net.cutReplicationLink(false);
        }
        checkPromise(victim, kill, 60_000);
        lab.net.powerOn(host, l -> { });
        resume();
    }

    private void consoleCutFromOne() throws Exception {
        Slot secondary = console.monitor().primaryNow().other();
        String veth = lab.topo.mgmtVeth(hostOf(secondary));
        int failovers = ConsoleRuns.countAutoFailovers(log);
        int fences = countFences();
        List<PairState> seen = new CopyOnWriteArrayList<>();
        console.addStateListener(seen::add);
        long cut = System.nanoTime();
        link(veth, false);
        try {
            parkUntil(cut + Duration.ofSeconds(8).toNanos()); // misses x interval + the peer's stall bound, and more
        } finally {
            link(veth, true);
        }
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
        assertTrue(seen.stream().anyMatch(st -> st.health() == PairState.Health.DEGRADED
                && st.reason().contains("the console's view is blind")), "Degraded, observer blind: "
                + new java.util.LinkedHashSet<>(seen.stream().map(PairState::toString).toList()));
        assertEquals(failovers, ConsoleRuns.countAutoFailovers(log), "no failover");
        assertEquals(fences, countFences(), "no fence");
        assertTrue(log.stream().anyMatch(e -> e.text().contains("the console's link to it is cut")), "said why");
        assertTrue(console.autoFailoverArmed(), "still armed");
        echo.awaitFlowing(20, Duration.ofSeconds(30));
    }

    private void consoleCutFromBothUneven() throws Exception {
        Slot primary = console.monitor().primaryNow();
        String first = lab.topo.mgmtVeth(hostOf(primary));
        String second = lab.topo.mgmtVeth(hostOf(primary.other()));
        int failovers = ConsoleRuns.countAutoFailovers(log);
        int fences = countFences();
        long cut = System.nanoTime();
        link(first, false);
        link(second, false);
        try {
            parkUntil(cut + Duration.ofSeconds(4).toNanos());
            link(first, true);
            parkUntil(cut + Duration.ofSeconds(7).toNanos());
        } finally {
            link(first, true);
            link(second, true);
        }
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
        assertEquals(failovers, ConsoleRuns.countAutoFailovers(log), "no failover");
        assertEquals(fences, countFences(), "no fence");
        assertTrue(console.autoFailoverArmed(), "still armed");
        echo.awaitFlowing(20, Duration.ofSeconds(30));
    }

    /**
     * The secondary's QEMU dies and its fence fails, hangs past its deadline, or says off while
     * the host still answers: no failover, HALTED. Then the operator fences with a working agent
     * (verified) and fails over by hand; the pair is resumed.
     */
    private void fenceFails(String mode) throws Exception {
        Slot victim = console.monitor().primaryNow().other();
        String host = hostOf(victim);
        int failovers = ConsoleRuns.countAutoFailovers(log);
        Files.writeString(fenceMode, mode + "\n");
        long kill = System.nanoTime();
        try {
            lab.killQemu(host);
            ConsoleRuns.awaitHealth(console, PairState.Health.HALTED, Duration.ofSeconds(40));
        } finally {
            Files.writeString(fenceMode, "real\n");
        }
        assertEquals(failovers, ConsoleRuns.countAutoFailovers(log), "no failover after a fence that did not prove itself");
        assertTrue(log.stream().anyMatch(e -> e.source().equals("heartbeat") && e.text().startsWith("fencing")),
                "an alarm");
        assertTrue(console.monitor().state().reason().contains("automatic failover stopped"), console.monitor().state().toString());
        assertTrue(!lab.net.pids(lab.topo.namespace(host)).isEmpty(), "the host was not powered off");
        FenceOutcome o = console.fence(victim);
        assertTrue(o.ok(), o.detail() + " " + o.steps());
        FailoverAssessment a = console.assessFailover();
        assertEquals(victim.other(), a.survivor(), a.evidence().toString());
        ConsoleRuns.ok(console, console.failoverPlan(a));
        assertTrue(console.monitor().halted().isEmpty(), "the operator's failover cleared the halt");
        checkPromise(victim, kill, 180_000); // halted: the clients wait for the operator
        lab.net.powerOn(host, l -> { });
        resume();
    }

    /** Takes the pair from Protected to running alone: the secondary's QEMU dies, the heartbeat fails over. */
    private Slot loseTheSecondary() throws Exception {
        Slot victim = console.monitor().primaryNow().other();
        int before = ConsoleRuns.countAutoFailovers(log);
        long kill = System.nanoTime();
        lab.killQemu(hostOf(victim));
        awaitAutomaticFailover(before, victim);
        checkPromise(victim, kill, 20_000);
        lab.net.powerOn(hostOf(victim), l -> { });
        return victim;
    }

    /** The sshd sessions of a lab host (its "sshd: root@…" children), as a dropped connection would end them. */
    private void dropSshSessions(String host) throws IOException {
        for (long pid : lab.net.pids(lab.topo.namespace(host))) {
            String cmd;
            try {
                cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            } catch (IOException gone) {
                continue; // ended meanwhile
            }
            if (cmd.startsWith("sshd: root@")) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private void sshDroppedMidResume() throws Exception {
        Slot newSecondary = loseTheSecondary();
        String host = hostOf(newSecondary);
        var rb = console.resumePlan().orElseThrow(() -> new AssertionError("no resume offered: " + console.actions()));
        CompletableFuture<RunResult> running = console.run(rb, RunListener.NONE);
        // Mid-way: once the new secondary's QEMU runs and the disk copy is under way.
        Waits.until(() -> log.stream().anyMatch(e -> e.source().startsWith("runbook resume") && e.text().contains("mirror")),
                Duration.ofSeconds(90), "the resume's disk copy started");
        dropSshSessions(host);
        dropSshSessions(hostOf(newSecondary.other()));
        RunResult r = running.get(5, TimeUnit.MINUTES);
        Slot primary = newSecondary.other();
        if (r.ok()) {
            // The engine reopened its sessions by itself and the resume went through.
            System.out.println("[faults] the resume survived the dropped sessions: " + r.summary());
            ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
            Waits.until(console::autoFailoverArmed, Duration.ofSeconds(10), "automatic failover re-armed");
            return;
        }
        System.out.println("[faults] the resume failed on the dropped sessions: " + r.summary());
        assertTrue(r.summary().contains("FAILED at step") && r.summary().contains("on the "), r.summary());
        assertTrue(r.observedState().contains("undone on the"), "what it did is undone: " + r.observedState());
        assertTrue(!r.observedState().contains("UNDO FAILED"), r.observedState());
        Waits.until(() -> "running".equals(console.monitor().observation(primary).runstate()), Duration.ofSeconds(30),
                "the primary runs");
        echo.awaitFlowing(20, Duration.ofSeconds(30));
        resume(); // the rerun completes
    }

    private void killedMidResume() throws Exception {
        Slot newSecondary = loseTheSecondary();
        Slot primary = newSecondary.other();
        // The console stops; coloctl stands in for it (a console process we can SIGKILL): it runs
        // the resume and is killed mid-way. QEMU's control socket takes one client at a time.
        console.close();
        Path jdir = Files.createDirectories(lab.topo.stateDir().resolve("killed-coloctl-" + System.nanoTime()));
        // coloctl on "another machine": its own state dir (journal, local lock), the pair's node locks shared.
        Path journal = jdir.resolve("state/colo-console/journal/" + lab.pair.name() + ".jsonl");
        List<String> killAfter = List.of("start-new-secondary", "resume-stop", "resume-human-monitor-command",
                "resume-x-blockdev-change", "resume-object-add-m0", "resume-object-add-comp0", "resume-migrate");
        String at = System.getProperty("faults.killAt", killAfter.get(random.nextInt(killAfter.size())));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.coloconsole.engine.cli.ColoCtl", "resume", "--profile",
                lab.profile.toString()).redirectErrorStream(true)
                .redirectOutput(jdir.resolve("coloctl.log").toFile());
        pb.environment().put("XDG_STATE_HOME", jdir.resolve("state").toString());
        Process p = pb.start();
        try {
            Waits.until(() -> journalHas(journal, at, org.coloconsole.engine.runbook.Recovery.UNDO_REGISTERED) || !p.isAlive(),
                    Duration.ofMinutes(3), "coloctl's resume past " + at);
            assertTrue(p.isAlive(), "coloctl still running at " + at + ": " + Files.readString(jdir.resolve("coloctl.log")));
            p.destroyForcibly(); // SIGKILL mid-runbook: no chance to clean up
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        System.out.println("[faults] coloctl killed after " + at);
        // The console starts again, on that journal: it finds the half-done resume and undoes it.
        console = new PairController(lab.pair, n -> org.coloconsole.engine.runbook.Hosts.open(n.host(), lab.ssh),
                new org.coloconsole.engine.runbook.Journal(journal), Duration.ofMillis(500), PairController.CHECKPOINTS_KEPT);
        console.addLogListener(log::add);
        console.start();
        String report = console.recovery().get(2, TimeUnit.MINUTES).orElseThrow(() -> new AssertionError("no recovery reported"));
        System.out.println("[faults] recovery: " + report);
        assertTrue(report.contains("was interrupted at step") && report.contains("undone on the"), report);
        assertTrue(!report.contains("UNDO FAILED"), report);
        if (!at.equals("start-new-secondary")) {
            assertTrue(report.contains("\"cont\""), "the frozen primary was thawed: " + report);
        }
        assertTrue(report.contains("stop-qemu"), "the half-made secondary was stopped: " + report);
        assertTrue(log.stream().anyMatch(e -> e.source().equals("recovery") && e.text().equals(report)), "the console says so");
        Waits.until(() -> "running".equals(console.monitor().observation(primary).runstate()), Duration.ofSeconds(30),
                "the primary runs after the recovery");
        echo.awaitFlowing(20, Duration.ofSeconds(60));
        assertEquals(List.of(), echo.problems(), "no line lost");
        // Known state: the primary runs alone (it left COLO if the migration had started it).
        try {
            Waits.until(() -> console.monitor().state().reason().contains("running alone"), Duration.ofSeconds(60),
                    "running alone after the recovery");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (now: " + console.monitor().state() + "; primary "
                    + console.monitor().observation(primary) + ")", e);
        }
        ConsoleRuns.ok(console, console.resumePlan().orElseThrow(() -> new AssertionError("no resume offered: " + console.actions())));
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
        console.armAutoFailover(true); // a new console starts disarmed
        new org.coloconsole.engine.remote.LocalHost().run(org.coloconsole.engine.remote.Command.of("rm", "-rf",
                jdir.resolve("coloctl.log").toString(), jdir.resolve("state").toString()));
    }

    private static boolean journalHas(Path journal, String step, String event) {
        try {
            return Files.exists(journal) && Files.readAllLines(journal).stream()
                    .anyMatch(l -> l.contains("\"step\":\"" + step + "\"") && l.contains("\"event\":\"" + event + "\""));
        } catch (IOException e) {
            return false;
        }
    }

    // ---- the checks ----

    private void awaitAutomaticFailover(int before, Slot victim) {
        try {
            Waits.until(() -> ConsoleRuns.countAutoFailovers(log) > before, HEARTBEAT_BOUND, "the automatic failover");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; state " + console.monitor().state(), e);
        }
        LogEntry last = ConsoleRuns.lastAutoFailover(log);
        assertTrue(last.text().contains(": done,"), "the automatic failover succeeded: " + last.text());
        assertTrue(log.stream().anyMatch(e -> e.source().equals("fence") || e.text().contains("fenced and verified"))
                || readJournal().contains("fenced and verified"), "the dead node was fenced and verified first");
        Waits.until(() -> lab.net.pids(lab.topo.namespace(hostOf(victim))).isEmpty(), Duration.ofSeconds(10),
                "nothing left on the fenced host " + hostOf(victim));
    }

    /** The three promises after a failover away from {@code dead}. */
    private void checkPromise(Slot dead, long killAt, long maxGapMs) throws Exception {
        echo.awaitFlowing(20, Duration.ofSeconds(60));
        assertEquals(null, echo.failure(), "the client's connection is the same and alive");
        assertEquals(List.of(), echo.problems(), "no line lost, duplicated or reordered");
        long gap = echo.gapAroundMs(killAt);
        assertTrue(gap > 0 && gap < maxGapMs, "gap " + gap + " ms");
        GuestClient.Durable.Readback rb = durable.readBack();
        report.lostWrites(rb.missing().size());
        assertEquals(List.of(), durable.problems(), "durable writes");
        assertEquals(List.of(), rb.missing(), "every acknowledged write is on the survivor (" + rb.acked() + " acked)");
        assertEquals(marker, rb.bootMarker(), "the boot marker is on the survivor's disk");
        ConsoleRuns.awaitHealth(console, PairState.Health.NOT_PROTECTED, Duration.ofSeconds(15));
        assertTrue(console.monitor().state().reason().contains("running alone"), console.monitor().state().toString());
        assertEquals(dead.other(), console.monitor().primaryNow(), "the survivor is the one running");
    }

    /**
     * Resumes with roles swapped and waits for Protected and the heartbeat's re-arming.
     */
    private void resume() throws Exception {
        var rb = console.resumePlan().orElseThrow(() -> new AssertionError("no resume offered: " + console.actions()));
        CompletableFuture<RunResult> running = console.run(rb, RunListener.NONE);
        RunResult r = running.get(10, TimeUnit.MINUTES);
        assertTrue(r.ok(), r.summary());
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
        Waits.until(console::autoFailoverArmed, Duration.ofSeconds(10), "automatic failover re-armed");
    }

    private void secondConsoleRefused() throws Exception {
        // This console holds the pair (both nodes) with an operation that lasts until the test lets go,
        // so the check does not race the end of a real runbook.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Runbook hold = new Runbook("hold-for-test", lab.pair, List.of(
                new org.coloconsole.engine.runbook.Step("touch", "touch the secondary", Slot.SECONDARY_NODE,
                        org.coloconsole.engine.runbook.Actions.custom("nothing", (c, sl) -> "ok"), null, Duration.ofSeconds(5)),
                new org.coloconsole.engine.runbook.Step("hold", "hold the pair", Slot.PRIMARY_NODE,
                        org.coloconsole.engine.runbook.Actions.custom("wait for the test", (c, sl) -> {
                            try {
                                return release.await(90, TimeUnit.SECONDS) ? "released" : "timed out";
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return "interrupted";
                            }
                        }), null, Duration.ofSeconds(100))));
        CompletableFuture<RunResult> held = console.run(hold, RunListener.NONE);
        try {
            Waits.until(() -> log.stream().anyMatch(e -> e.source().equals("runbook hold-for-test") && e.text().startsWith("step 2/")),
                    Duration.ofSeconds(30), "the pair held");
            refusedWhileHeld();
        } finally {
            release.countDown();
        }
        assertTrue(held.get(2, TimeUnit.MINUTES).ok());
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(30));
        Waits.until(console::autoFailoverArmed, Duration.ofSeconds(10), "automatic failover re-armed");
    }

    private void refusedWhileHeld() throws Exception {
        Path otherState = Files.createTempDirectory("other-machine-state");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.coloconsole.engine.cli.ColoCtl", "down", "--profile",
                lab.profile.toString()).redirectErrorStream(true);
        pb.environment().put("XDG_STATE_HOME", otherState.toString());
        Process p = pb.start();
        // Another machine: its own state dir (no shared lock file); only the nodes' locks stand in its way.
        p.getOutputStream().close();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "coloctl ended");
        assertEquals(75, p.exitValue(), "refused: " + out);
        assertTrue(out.contains("is busy (on root@10.215.0.") && out.contains("'hold-for-test'"), out);
        try (PairController second = new PairController(lab.pair, n -> org.coloconsole.engine.runbook.Hosts.open(n.host(), lab.ssh),
                new org.coloconsole.engine.runbook.Journal(lab.topo.stateDir().resolve("second.jsonl")), Duration.ofSeconds(1), 100)) {
            var f = second.run(second.stopPlan(), RunListener.NONE);
            Throwable e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> f.get(30, TimeUnit.SECONDS)).getCause();
            assertTrue(e instanceof PairBusyException && e.getMessage().contains("on this machine"), String.valueOf(e));
        }
        new org.coloconsole.engine.remote.LocalHost().check(org.coloconsole.engine.remote.Command.of("rm", "-rf",
                otherState.toString()));
    }

    // ---- helpers ----

    private String hostOf(Slot s) {
        return s == Slot.PRIMARY_NODE ? "hostA" : "hostB";
    }

    private void link(String veth, boolean up) {
        new org.coloconsole.engine.remote.LocalHost().check(org.coloconsole.engine.remote.Command.of("ip", "link", "set", veth,
                up ? "up" : "down"));
    }

    private static void parkUntil(long nanos) {
        while (System.nanoTime() < nanos) {
            LockSupport.parkNanos(Math.min(200_000_000L, nanos - System.nanoTime()));
        }
    }

    private String readJournal() {
        try {
            return Files.readString(lab.topo.stateDir().resolve("journal.jsonl"));
        } catch (IOException e) {
            return "";
        }
    }



    private int countFences() {
        return (int) log.stream().filter(e -> e.source().equals("fence") && e.text().startsWith("fencing the ")).count();
    }


}
