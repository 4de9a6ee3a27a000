package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.PacemakerCluster;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.lab.LabPacemaker;
import org.coloconsole.engine.lab.LabTopology;
import org.coloconsole.engine.model.ClusterStatus;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.testing.ConsoleRuns;
import org.coloconsole.engine.testing.GuestClient;
import org.coloconsole.engine.testing.TwoHostLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The pair under a real Pacemaker 2.1 + Corosync 3 cluster on the two-host lab: hostA and hostB
 * are cluster nodes (Corosync on the replication link), corosync-qnetd runs on the client host,
 * Pacemaker fences a host with the lab's fence agent (every process of it, through its cgroup)
 * and runs our OCF agent, which runs the engine's runbooks. A client in the client namespace
 * keeps one TCP connection open and writes durable records throughout. Pacemaker alone decides:
 * the console only watches (its own automatic failover is off).
 */
@Tag("e2e")
@Timeout(value = 25, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacemakerE2E {
    private static final int TOKEN_MS = 1000;
    private TwoHostLab lab;
    private LabPacemaker pm;
    private PairController console;
    private Session session;
    private PacemakerCluster cluster;
    private GuestClient client;
    private final List<String> gaps = new ArrayList<>();
    private final List<org.coloconsole.engine.control.LogEntry> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        String why = LabPacemaker.unsupportedReason();
        if (why != null) {
            throw new AssertionError("the Pacemaker lab cannot run here: " + why + " (installers/dev-setup.sh installs it)");
        }
        lab = TwoHostLab.start("cp", "10.213.0", "", true,
                (topo, yaml) -> yaml.replace("    checkpointDelayMs: 2000\n", "    checkpointDelayMs: 2000\n"
                        + LabPacemaker.profileKeys(topo, TOKEN_MS)));
        pm = new LabPacemaker(lab.net);
        console = lab.controller(Duration.ofMillis(500));
        console.addLogListener(log::add);
        session = new Session();
        cluster = new PacemakerCluster(session, lab.pair);
    }

    @AfterAll
    void removeLab() throws Exception {
        System.out.println("[pacemaker e2e] client gaps: " + gaps);
        if (pm != null) {
            keepLogs();
        }
        org.coloconsole.engine.testing.Closing.all(client, console, session, lab);
    }

    /** coloctl on the lab hosts: this test's classes (a checkout's coloctl), as the agent's {@code coloctl} parameter. */
    private Path coloctl() throws Exception {
        Path c = lab.topo.stateDir().resolve("coloctl");
        Files.writeString(c, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -Xshare:auto -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' org.coloconsole.engine.cli.ColoCtl \"$@\"\n");
        c.toFile().setExecutable(true);
        return c;
    }

    private ClusterStatus awaitCluster(Predicate<ClusterStatus> p, Duration within, String what) {
        return cluster.awaitStatus(p, within, what, line -> System.out.println("[pacemaker e2e] " + line));
    }

    /** What an engineer reads when Pacemaker did something unexpected: each host's agent log and Pacemaker's log. */
    private String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (String h : List.of("hostA", "hostB")) {
            Path m = pm.machine(h);
            for (Path f : List.of(m.resolve("state/colo-console/logs/coloctl.0.log"), m.resolve("log-pacemaker/pacemaker.log"))) {
                try {
                    List<String> lines = Files.readAllLines(f);
                    List<String> shown = lines.subList(Math.max(0, lines.size() - 80), lines.size()).stream()
                            .filter(l -> !f.toString().endsWith("pacemaker.log") || l.contains("colo") || l.contains("error")
                                    || l.contains("warning") || l.contains("fence")).toList();
                    b.append("\n==== ").append(h).append(' ').append(f.getFileName()).append('\n').append(String.join("\n", shown));
                } catch (Exception e) {
                    b.append("\n==== ").append(h).append(' ').append(f).append(": ").append(e);
                }
            }
        }
        return b.toString();
    }

    /** Each host's logs (Corosync, Pacemaker, the agent's coloctl) kept under target/ for a post-mortem. */
    private void keepLogs() {
        Path to = Path.of("target", "pacemaker-e2e").toAbsolutePath();
        for (String h : List.of("hostA", "hostB")) {
            new org.coloconsole.engine.remote.LocalHost().run(org.coloconsole.engine.remote.Command.of("sh", "-c",
                    "mkdir -p \"$2\" && cp -r \"$1/log-pacemaker\" \"$1/log-corosync\" \"$1/state\" \"$2/\"", "sh",
                    pm.machine(h).toString(), to.resolve(h).toString()));
        }
        System.out.println("[pacemaker e2e] logs kept under " + to);
    }

    @Test
    void pacemakerFailsOverWithTheEnginesRunbooksAndTheClientNeverNotices() throws Exception {
        try {
            scenario();
        } catch (AssertionError | RuntimeException e) {
            System.out.println("[pacemaker e2e] diagnostics:" + diagnostics());
            keepLogs();
            throw e;
        }
    }

    private void scenario() throws Exception {
        ConsoleRuns.ok(console, console.protectPlan());
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(30));
        client = new GuestClient(lab.client(), LabTopology.GUEST_ADDRESS);
        GuestClient.Echo echo = client.echo(LabTopology.GUEST_ECHO_PORT, Duration.ofSeconds(120));
        GuestClient.Durable durable = client.durable(LabTopology.GUEST_DURABLE_PORT, Duration.ofMillis(300), Duration.ofSeconds(60));
        String marker = lab.bootMarker(lab.pair.primary());
        echo.awaitFlowing(20, Duration.ofSeconds(30));

        // Put the protected pair under Pacemaker: it adopts what runs (hostA promoted, hostB unpromoted).
        pm.installFenceAgent(line -> { });
        pm.startQnetd(line -> System.out.println("[pacemaker e2e] " + line));
        ClusterStatus init = cluster.init(lab.profile, lab.profile, coloctl(),
                (slot, progress) -> pm.startStack(slot == Slot.PRIMARY_NODE ? "hostA" : "hostB", progress),
                line -> System.out.println("[pacemaker e2e] " + line));
        System.out.println(init.text());
        assertEquals("hosta", init.promoted(), init.text());
        awaitCluster(st -> st.unpromoted().contains("hostb"), Duration.ofSeconds(60), "hostb unpromoted");
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(10));

        // 1. hostA's QEMU dies. Pacemaker's monitor sees it, promotes hostb (the engine's failover
        //    runbook), and starts hosta again as a fresh secondary that resyncs (resume).
        long kill = System.nanoTime();
        lab.killQemu("hostA");
        awaitCluster(st -> "hostb".equals(st.promoted()), Duration.ofSeconds(60), "hostb promoted");
        checkPromise("Pacemaker: hostA's QEMU killed, hostb promoted", echo, durable, kill, marker);
        awaitCluster(st -> "hostb".equals(st.promoted()) && st.unpromoted().contains("hosta"), Duration.ofSeconds(240),
                "hosta started again (resynced)");
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
        System.out.println(cluster.status().text());

        // 2. The primary's host (hostB now) loses power: every process of it. Corosync loses it
        //    after the token, hosta keeps quorum with qnetd's vote, fences hostb (verified: nothing
        //    of it runs) and promotes itself. Powered on again, hostb rejoins and resyncs.
        kill = System.nanoTime();
        lab.net.powerOff("hostB");
        ClusterStatus afterOff = awaitCluster(st -> "hosta".equals(st.promoted()), Duration.ofSeconds(60), "hosta promoted");
        checkPromise("Pacemaker: hostB powered off, fenced, hosta promoted", echo, durable, kill, marker);
        assertTrue(cluster.status().fencing().stream().anyMatch(f -> f.contains("of hostb") && f.contains("success")),
                "Pacemaker fenced hostb: " + cluster.status().text());
        assertEquals(List.of(), lab.net.pids(lab.topo.namespace("hostB")), "nothing of hostb runs");
        System.out.println(afterOff.text());
        rejoin("hostB", "hostb", "hosta");

        // 3. The hosts' link (Corosync's ring and COLO's replication) is cut while both still reach
        //    qnetd. qnetd gives its vote to one side only: that side fences the other and keeps (or
        //    takes) the promoted role. Never two guests outside COLO.
        long fencedBefore = fencedCount(cluster.status());
        kill = System.nanoTime();
        lab.net.cutReplicationLink(true);
        ClusterStatus split;
        try {
            split = awaitCluster(st -> st.promoted() != null && fencedCount(st) > fencedBefore
                    && st.nodes().stream().filter(ClusterStatus.Node::online).count() == 1
                    && st.nodes().stream().noneMatch(ClusterStatus.Node::unclean), Duration.ofSeconds(90),
                    "one side fenced the other");
        } finally {
            lab.net.cutReplicationLink(false);
        }
        String winner = split.promoted();
        String loser = winner.equals("hosta") ? "hostB" : "hostA";
        assertEquals(List.of(), lab.net.pids(lab.topo.namespace(loser)), "the side without quorum is fenced: nothing of " + loser
                + " runs\n" + split.text());
        checkPromise("Pacemaker: hosts' link cut, " + winner + " kept quorum and the guest", echo, durable, kill, marker);
        rejoin(loser, loser.toLowerCase(java.util.Locale.ROOT), winner);

        // 4. Switchover through Pacemaker: the promoted role moves to the other node (its QEMU takes
        //    over from its last checkpoint), the constraint is cleared, and the old primary resyncs.
        String from = cluster.status().promoted();
        String to = from.equals("hosta") ? "hostb" : "hosta";
        kill = System.nanoTime();
        // From the console: a move of the promoted role through Pacemaker, waited for, then cleared.
        console.pacemakerSwitchover(to.equals("hosta") ? Slot.PRIMARY_NODE : Slot.SECONDARY_NODE,
                line -> System.out.println("[pacemaker e2e] console: " + line));
        checkPromise("Pacemaker: switchover " + from + " -> " + to, echo, durable, kill, marker);
        awaitCluster(st -> to.equals(st.promoted()) && st.unpromoted().contains(from), Duration.ofSeconds(240),
                from + " resynced after the switchover");
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));

        assertEquals(0, echo.stopAndCountLost(Duration.ofSeconds(10)), "lines lost");
        assertEquals(List.of(), echo.problems(), "duplicated or reordered lines");
        System.out.println(cluster.status().text());

        // The console showed each stage: Pacemaker's transitions on its log, beside QEMU's.
        List<String> said = log.stream().filter(e -> e.source().equals("pacemaker")).map(e -> e.text()).toList();
        System.out.println("[pacemaker e2e] the console's Pacemaker lines:\n  " + String.join("\n  ", said));
        for (String stage : List.of("Pacemaker: promoted on hostb", "Pacemaker: promoted on hosta", "Pacemaker: node hostb offline",
                "Pacemaker: fencing reboot of hostb by hosta: success", "operator: move the promoted role", "operator: constraints cleared")) {
            assertTrue(said.stream().anyMatch(t -> t.contains(stage)), "the console's log shows '" + stage + "': " + said);
        }
        assertTrue(said.stream().anyMatch(t -> t.startsWith("Pacemaker: failed action colo-lab_monitor")),
                "the failed monitor of the killed QEMU: " + said);
    }

    private static long fencedCount(ClusterStatus st) {
        return st.fencing().stream().filter(f -> f.contains(": success")).count();
    }

    /** A host powered on again: its sshd, then its cluster stack; Pacemaker starts its instance, which resyncs. */
    private void rejoin(String host, String node, String promoted) {
        lab.net.powerOn(host, line -> { });
        pm.startStack(host, line -> System.out.println("[pacemaker e2e] " + line));
        awaitCluster(st -> promoted.equals(st.promoted()) && st.unpromoted().contains(node), Duration.ofSeconds(240),
                node + " back and resynced");
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
    }

    private void checkPromise(String what, GuestClient.Echo echo, GuestClient.Durable durable, long killAt, String marker)
            throws Exception {
        try {
            echo.awaitFlowing(20, Duration.ofSeconds(60));
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage() + "\n" + cluster.status().text() + lab.diagnostics(), e);
        }
        assertEquals(null, echo.failure(), what + ": the client's connection is the same and alive");
        assertEquals(List.of(), echo.problems(), what + ": no line lost, duplicated or reordered");
        long gap = echo.gapAroundMs(killAt);
        gaps.add(what + ": " + gap + " ms");
        GuestClient.Durable.Readback rb = durable.readBack();
        assertEquals(List.of(), durable.problems(), what + ": durable writes");
        assertTrue(rb.acked() > 0, what + ": writes were acknowledged");
        assertEquals(List.of(), rb.missing(), what + ": every acknowledged write is on the survivor (" + rb.acked() + " acked)");
        assertEquals(marker, rb.bootMarker(), what + ": the boot marker is on the survivor's disk");
    }
}
