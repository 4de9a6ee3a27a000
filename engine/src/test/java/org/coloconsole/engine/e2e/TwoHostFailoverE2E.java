package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.control.FailoverAssessment;
import org.coloconsole.engine.control.LogEntry;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.lab.LabTopology;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.model.Role;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.testing.ConsoleRuns;
import org.coloconsole.engine.testing.GuestClient;
import org.coloconsole.engine.testing.TwoHostLab;
import org.coloconsole.engine.testing.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * COLO's promise, proven on the two-host lab: a client in the client namespace keeps ONE TCP
 * connection to the guest open (a line every 100 ms, each echo checked) and writes durable
 * records the whole time, while the replication link is cut for 10 s (shown within two intervals,
 * nothing fails over) and then the pair goes through four failovers:
 * <ol>
 * <li>the primary's QEMU is SIGKILLed, guided failover to the secondary (engine API);</li>
 * <li>resume with roles swapped; the new primary's QEMU is SIGKILLed, automatic failover (fence:
 * the lab's agent powers that host off, verified);</li>
 * <li>resume; the secondary's QEMU dies, failover to the primary;</li>
 * <li>resume; the whole primary host dies (every process of its namespace, sshd included).</li>
 * </ol>
 * After each: the same connection flows with no line lost, duplicated or reordered, and every
 * acknowledged record and the boot marker are read back (O_DIRECT) from the survivor.
 */
@Tag("e2e")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoHostFailoverE2E {
    private static final int ECHO = LabTopology.GUEST_ECHO_PORT;
    private static final int DURABLE = LabTopology.GUEST_DURABLE_PORT;
    private TwoHostLab lab;
    private PairController console;
    private GuestClient client;
    private final List<LogEntry> log = new CopyOnWriteArrayList<>();
    private final List<String> gaps = new ArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        lab = TwoHostLab.start("ct", "10.212.0", "");
        console = lab.controller(Duration.ofMillis(500));
        console.addLogListener(log::add);
    }

    @AfterAll
    void removeLab() throws Exception {
        System.out.println("[two-host e2e] client gaps: " + gaps);
        org.coloconsole.engine.testing.Closing.all(client, console, lab);
    }

    @Test
    void oneClientConnectionSurvivesFourFailoversAndNoAcknowledgedWriteIsLost() throws Exception {
        LabTopology t = lab.topo;
        ConsoleRuns.ok(console, console.protectPlan());
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(30));
        client = new GuestClient(lab.client(), LabTopology.GUEST_ADDRESS);
        // The primary started paused (-S): the guest boots under COLO, so its boot writes are replicated.
        GuestClient.Echo echo = client.echo(ECHO, Duration.ofSeconds(120));
        GuestClient.Durable durable = client.durable(DURABLE, Duration.ofMillis(300), Duration.ofSeconds(60));
        String marker = lab.bootMarker(lab.pair.primary());
        echo.awaitFlowing(20, Duration.ofSeconds(30));
        assertTrue(lab.httpGet().contains("colo-lab guest"), "HTTP on a new connection from the client namespace");

        // 0. The replication link is cut while both hosts run: a silent outage (no event, no error, no
        //    checkpoint). Within two checkpoint intervals the console stops saying Protected: Stalled,
        //    or, when the cut caught the secondary mid-checkpoint, its QEMU stops answering QMP too
        //    (its COLO thread blocks on the dead socket) and it is shown down. Automatic failover is
        //    armed, and nothing is fenced and nothing fails over: a hung QEMU on a live host is not
        //    dead, and a node the peer still sees is not dead. The pair is Protected again once the
        //    link is back, with every held line delivered in order.
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        console.addStateListener(st -> seen.add(st.toString()));
        console.armAutoFailover(true);
        long cut = System.nanoTime();
        lab.net.cutReplicationLink(true);
        try {
            try {
                Waits.until(() -> console.monitor().state().health() != PairState.Health.PROTECTED, Duration.ofSeconds(10),
                        "the cut shown");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; states seen: " + new java.util.LinkedHashSet<>(seen), e);
            }
            long shown = (System.nanoTime() - cut) / 1_000_000;
            gaps.add("cut link shown after " + shown + " ms as " + console.monitor().state().health());
            assertTrue(shown <= 2 * lab.pair.checkpointDelayMs(), "the cut shown within 2 intervals: " + shown + " ms");
            long until = cut + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            }
        } finally {
            lab.net.cutReplicationLink(false);
        }
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
        assertEquals(0, ConsoleRuns.countAutoFailovers(log), "nothing failed over");
        assertTrue(log.stream().noneMatch(e -> e.source().equals("fence")), "nothing was fenced: " + log);
        assertTrue(console.autoFailoverArmed(), "still armed");
        console.armAutoFailover(false);
        echo.awaitFlowing(20, Duration.ofSeconds(60));
        assertEquals(List.of(), echo.problems(), "the held lines came through, in order, once the link was back");

        // 1. The primary's QEMU dies; guided failover to the secondary through the engine's API.
        long kill = System.nanoTime();
        lab.killQemu("hostA");
        FailoverAssessment a = console.assessFailover();
        assertEquals(Slot.SECONDARY_NODE, a.survivor(), a.evidence().toString());
        assertEquals(Role.SECONDARY, a.survivorRole());
        ConsoleRuns.ok(console, console.failoverPlan(a));
        checkPromise("guided failover to hostB after hostA's QEMU died", echo, durable, kill, marker);

        // 2. Resume with roles swapped (hostB primary); automatic failover when hostB's QEMU dies.
        resumeAndAwaitProtected();
        console.armAutoFailover(true);
        int autoDone = ConsoleRuns.countAutoFailovers(log);
        kill = System.nanoTime();
        lab.killQemu("hostB");
        Waits.until(() -> ConsoleRuns.countAutoFailovers(log) > autoDone, Duration.ofSeconds(60), "the automatic failover to finish");
        LogEntry last = ConsoleRuns.lastAutoFailover(log);
        assertTrue(last.text().contains(": done,"), "automatic failover: " + last.text() + "\n" + log);
        assertEquals(List.of(), lab.net.pids(t.namespace("hostB")), "nothing runs on the fenced host");
        console.armAutoFailover(false);
        checkPromise("automatic failover to hostA after hostB's QEMU died (hostB fenced)", echo, durable, kill, marker);
        lab.net.powerOn("hostB", line -> { });

        // 3. Resume (hostA primary); the secondary's QEMU dies: failover to the primary.
        resumeAndAwaitProtected();
        kill = System.nanoTime();
        lab.killQemu("hostB");
        a = console.assessFailover();
        assertEquals(Slot.PRIMARY_NODE, a.survivor(), a.evidence().toString());
        assertEquals(Role.PRIMARY, a.survivorRole());
        ConsoleRuns.ok(console, console.failoverPlan(a));
        checkPromise("failover to hostA (primary) after hostB's QEMU (secondary) died", echo, durable, kill, marker);

        // 4. Resume (hostA primary); the whole primary host dies: QEMU, sshd, everything.
        resumeAndAwaitProtected();
        kill = System.nanoTime();
        List<Long> killed = lab.net.powerOff("hostA");
        assertTrue(killed.size() >= 2, "hostA ran at least its sshd and QEMU: " + killed);
        a = console.assessFailover();
        assertEquals(Slot.SECONDARY_NODE, a.survivor(), a.evidence().toString());
        assertTrue(a.evidence().get(0).contains("host NOT reachable"), a.evidence().toString());
        ConsoleRuns.ok(console, console.failoverPlan(a));
        checkPromise("failover to hostB after the whole of hostA died", echo, durable, kill, marker);

        assertEquals(0, echo.stopAndCountLost(Duration.ofSeconds(10)), "lines lost");
        assertEquals(List.of(), echo.problems(), "duplicated or reordered lines");
        assertTrue(echo.sent() > 300, "the client sent lines the whole time: " + echo.sent());
        // The journal has every command that changed something, with its answer and the check.
        List<String> events = console.journal().read().stream().map(o -> o.path("event").asText()).toList();
        assertTrue(events.contains("sent") && events.contains("answer") && events.contains("check-passed"), events.toString());
        assertTrue(console.journal().read().stream().anyMatch(o -> o.path("detail").asText().contains("x-colo-lost-heartbeat")));
        // The console's own service probe (from the client namespace, over SSH) saw the failovers as gaps.
        var probe = console.probe().orElseThrow(() -> new AssertionError("the lab pair has a probe"));
        System.out.println("[two-host e2e] probe gaps: " + probe.gaps().stream().map(g -> g.millis() + " ms").toList());
        assertTrue(probe.gaps().size() >= 3, "a gap for (nearly) every failover: " + probe.gaps());
        assertTrue(probe.longestGapMs() < 30_000, "the longest gap: " + probe.longestGapMs() + " ms");

        // 5. Armed, the operator stops protection: the heartbeat pauses for the teardown (which stops the
        //    primary first) instead of fencing it and failing over to the secondary being stopped.
        lab.net.powerOn("hostA", line -> { });
        resumeAndAwaitProtected();
        console.armAutoFailover(true);
        int before = ConsoleRuns.countAutoFailovers(log);
        ConsoleRuns.ok(console, console.stopPlan());
        assertEquals(before, ConsoleRuns.countAutoFailovers(log), "no automatic failover during the operator's teardown");
        assertTrue(log.stream().anyMatch(e -> e.text().startsWith("automatic failover paused while teardown runs")), log.toString());
        assertTrue(!console.autoFailoverArmed(), "stays paused until the pair is Protected again");

    }

    /** The three promises after a failover that began at {@code killAt}. */
    private void checkPromise(String what, GuestClient.Echo echo, GuestClient.Durable durable, long killAt, String marker)
            throws Exception {
        try {
            echo.awaitFlowing(20, Duration.ofSeconds(60));
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage() + "\nlast echo " + echo.msSinceLastEcho() + " ms ago"
                    + lab.diagnostics() + "\n" + log.subList(Math.max(0, log.size() - 60), log.size()), e);
        }
        assertEquals(null, echo.failure(), what + ": the client's connection is the same and alive");
        assertEquals(List.of(), echo.problems(), what + ": no line lost, duplicated or reordered");
        long gap = echo.gapAroundMs(killAt);
        gaps.add(what + ": " + gap + " ms");
        assertTrue(gap > 0 && gap < 20_000, what + ": gap " + gap + " ms");
        GuestClient.Durable.Readback rb = durable.readBack();
        assertEquals(List.of(), durable.problems(), what + ": durable writes");
        assertTrue(rb.acked() > 0, what + ": writes were acknowledged");
        assertEquals(List.of(), rb.missing(), what + ": every acknowledged write is on the survivor (" + rb.acked() + " acked)");
        assertEquals(marker, rb.bootMarker(), what + ": the boot marker written at boot is on the survivor's disk");
        assertTrue(lab.httpGet().contains("colo-lab guest"), what + ": HTTP on a new connection, same address");
        // Only one guest runs outside COLO: the dead side has no QEMU.
        ConsoleRuns.awaitHealth(console, PairState.Health.NOT_PROTECTED, Duration.ofSeconds(15));
        assertTrue(console.monitor().state().reason().contains("running alone"), console.monitor().state().toString());
    }

    private void resumeAndAwaitProtected() throws Exception {
        var rb = console.resumePlan().orElseThrow(() -> new AssertionError("no resume offered: " + console.actions()));
        ConsoleRuns.ok(console, rb);
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(30));
    }




}
