package org.coloconsole.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.LogEntry;
import org.coloconsole.engine.control.PacemakerCluster;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.lab.LabPacemaker;
import org.coloconsole.engine.lab.LabTopology;
import org.coloconsole.engine.model.ClusterStatus;
import org.coloconsole.engine.model.PairState;

/**
 * The lab pair under a real Pacemaker cluster, with a client keeping one TCP connection open and
 * writing durable records: hostA and hostB are cluster nodes (Corosync on the replication link),
 * qnetd runs on the client host, Pacemaker fences with the lab's agent and runs our OCF agent. A
 * console (the engine's controller) watches. Each fault method injects one fault, waits until
 * Pacemaker has moved the guest, checks the promise (same connection, nothing lost, every
 * acknowledged write on the survivor), lets Pacemaker bring the pair back to Protected and returns
 * the client's gap. Used by PacemakerE2E and PacemakerRtoBench.
 */
public final class PacemakerLabRun implements AutoCloseable {
    public final TwoHostLab lab;
    public final LabPacemaker pm;
    public final PairController console;
    public final PacemakerCluster cluster;
    public final int tokenMs;
    public final List<LogEntry> log = new CopyOnWriteArrayList<>();
    private final Session session = new Session();
    private final String tag;
    private GuestClient client;
    private GuestClient.Echo echo;
    private GuestClient.Durable durable;
    private String marker;

    private PacemakerLabRun(TwoHostLab lab, int tokenMs, String tag) {
        this.lab = lab;
        this.tokenMs = tokenMs;
        this.tag = tag;
        this.pm = new LabPacemaker(lab.net);
        this.console = lab.controller(Duration.ofMillis(500));
        this.console.addLogListener(log::add);
        this.cluster = new PacemakerCluster(session, lab.pair);
    }

    /** A lab named {@code prefix}, the pair protected, the client connected, then the pair put under Pacemaker. */
    public static PacemakerLabRun start(String prefix, String mgmtNet, int tokenMs, String tag) throws Exception {
        String why = LabPacemaker.unsupportedReason();
        if (why != null) {
            throw new AssertionError("the Pacemaker lab cannot run here: " + why + " (installers/dev-setup.sh installs it)");
        }
        TwoHostLab lab = TwoHostLab.start(prefix, mgmtNet, "", true, (topo, yaml) -> yaml.replace(
                "    checkpointDelayMs: 2000\n", "    checkpointDelayMs: 2000\n" + LabPacemaker.profileKeys(topo, tokenMs)));
        PacemakerLabRun run;
        try {
            run = new PacemakerLabRun(lab, tokenMs, tag);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        try {
            run.protectAndPutUnderPacemaker();
        } catch (Exception | AssertionError e) {
            run.say("diagnostics:" + run.diagnostics());
            run.keepLogs(Path.of("target", prefix + "-pacemaker-logs"));
            run.close();
            throw e;
        }
        return run;
    }

    private void protectAndPutUnderPacemaker() throws Exception {
        ConsoleRuns.ok(console, console.protectPlan());
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(30));
        client = new GuestClient(lab.client(), LabTopology.GUEST_ADDRESS);
        echo = client.echo(LabTopology.GUEST_ECHO_PORT, Duration.ofSeconds(120));
        durable = client.durable(LabTopology.GUEST_DURABLE_PORT, Duration.ofMillis(300), Duration.ofSeconds(60));
        marker = lab.bootMarker(lab.pair.primary());
        echo.awaitFlowing(20, Duration.ofSeconds(30));
        // Pacemaker adopts what runs: hosta promoted (the COLO primary), hostb unpromoted.
        pm.installFenceAgent(this::say);
        pm.startQnetd(this::say);
        ClusterStatus init = cluster.init(lab.profile, lab.profile, coloctl(),
                (slot, progress) -> pm.startStack(slot == Slot.PRIMARY_NODE ? "hostA" : "hostB", progress), this::say);
        say(init.text());
        assertEquals("hosta", init.promoted(), init.text());
        awaitCluster(st -> st.unpromoted().contains("hostb"), Duration.ofSeconds(60), "hostb unpromoted");
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(30));
    }

    /** coloctl on the lab hosts: this JVM's classes (a checkout's coloctl), the agent's {@code coloctl} parameter. */
    private Path coloctl() throws Exception {
        Path c = lab.topo.stateDir().resolve("coloctl");
        Files.writeString(c, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' org.coloconsole.engine.cli.ColoCtl \"$@\"\n");
        c.toFile().setExecutable(true);
        return c;
    }

    public ClusterStatus awaitCluster(Predicate<ClusterStatus> p, Duration within, String what) {
        return cluster.awaitStatus(p, within, what, this::say);
    }

    private String promoted() {
        String p = cluster.status().promoted();
        assertTrue(p != null, "the pair is promoted somewhere");
        return p;
    }

    private static String other(String node) {
        return node.equals("hosta") ? "hostb" : "hosta";
    }

    private static String host(String node) {
        return node.equals("hosta") ? "hostA" : "hostB";
    }

    /** The promoted node's QEMU is SIGKILLed: Pacemaker promotes the other, then resyncs this one. */
    public long qemuKill() throws Exception {
        String from = promoted();
        String to = other(from);
        long kill = System.nanoTime();
        lab.killQemu(host(from));
        awaitCluster(st -> to.equals(st.promoted()), Duration.ofSeconds(60), to + " promoted");
        long gap = checkPromise("QEMU of " + from + " killed, " + to + " promoted", kill);
        awaitResynced(to, from);
        return gap;
    }

    /** The promoted node's host loses power (every process of it, and its links' carrier): fenced, the other promoted; powered on, it resyncs. */
    public long hostOff() throws Exception {
        String from = promoted();
        String to = other(from);
        long fencedBefore = fenced(cluster.status());
        long kill = System.nanoTime();
        lab.net.powerCut(host(from)); // silent, as a dead server is: no TCP reset for anyone who asks it
        ClusterStatus st = awaitCluster(s -> to.equals(s.promoted()) && fenced(s) > fencedBefore, Duration.ofSeconds(60),
                to + " promoted, " + from + " fenced");
        long gap = checkPromise(host(from) + " powered off, fenced, " + to + " promoted", kill);
        assertTrue(st.fencing().stream().anyMatch(f -> f.contains("of " + from) && f.contains("success")), st.text());
        assertEquals(List.of(), lab.net.pids(lab.topo.namespace(host(from))), "nothing of " + from + " runs");
        rejoin(host(from), to);
        return gap;
    }

    /**
     * The hosts' link (Corosync's ring and COLO's replication) is cut while both reach qnetd: qnetd
     * gives its vote to one side, which fences the other and keeps (or takes) the guest. Never two
     * guests outside COLO: the side without quorum has no process left.
     */
    public long partition() throws Exception {
        long fencedBefore = fenced(cluster.status());
        long kill = System.nanoTime();
        lab.net.cutReplicationLink(true);
        ClusterStatus split;
        try {
            split = awaitCluster(st -> st.promoted() != null && fenced(st) > fencedBefore
                    && st.nodes().stream().filter(ClusterStatus.Node::online).count() == 1
                    && st.nodes().stream().noneMatch(ClusterStatus.Node::unclean), Duration.ofSeconds(90),
                    "one side fenced the other");
        } finally {
            lab.net.cutReplicationLink(false);
        }
        String winner = split.promoted();
        String loser = host(other(winner));
        assertEquals(List.of(), lab.net.pids(lab.topo.namespace(loser)), "the side without quorum is fenced: nothing of "
                + loser + " runs\n" + split.text());
        long gap = checkPromise("hosts' link cut, " + winner + " kept quorum and the guest", kill);
        rejoin(loser, winner);
        return gap;
    }

    /** Switchover from the console: Pacemaker moves the promoted role, the move is cleared, the old primary resyncs. */
    public long switchover() throws Exception {
        String from = promoted();
        String to = other(from);
        long at = System.nanoTime();
        console.pacemakerSwitchover(to.equals("hosta") ? Slot.PRIMARY_NODE : Slot.SECONDARY_NODE, this::say);
        long gap = checkPromise("switchover " + from + " -> " + to + " from the console", at);
        awaitResynced(to, from);
        return gap;
    }

    /** The client's totals at the end: no line lost, duplicated or reordered over every fault. */
    public void finish() throws Exception {
        assertEquals(0, echo.stopAndCountLost(Duration.ofSeconds(10)), "lines lost");
        assertEquals(List.of(), echo.problems(), "duplicated or reordered lines");
    }

    private static long fenced(ClusterStatus st) {
        return st.fencing().stream().filter(f -> f.contains(": success")).count();
    }

    /**
     * Until {@code node} is a checkpointing secondary again as Pacemaker sees it: its start (the
     * resync) finished and its monitor set the secondary's promotion score. Started alone is not
     * enough: a fault injected while the resync still runs is a double fault.
     */
    private void awaitResynced(String promoted, String node) {
        awaitCluster(st -> promoted.equals(st.promoted()) && st.unpromoted().contains(node)
                && Integer.valueOf(50).equals(st.scores().get(node)), Duration.ofSeconds(240), node + " resynced (score 50)");
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(120));
    }

    /** A host powered on again: its sshd, then its cluster stack; Pacemaker starts its instance, which resyncs. */
    private void rejoin(String host, String promoted) {
        lab.net.powerOn(host, line -> { });
        pm.startStack(host, this::say);
        awaitResynced(promoted, host.toLowerCase(Locale.ROOT));
    }

    private long checkPromise(String what, long faultAt) throws Exception {
        try {
            echo.awaitFlowing(20, Duration.ofSeconds(60));
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage() + "\n" + cluster.status().text() + lab.diagnostics(), e);
        }
        assertEquals(null, echo.failure(), what + ": the client's connection is the same and alive");
        assertEquals(List.of(), echo.problems(), what + ": no line lost, duplicated or reordered");
        long gap = echo.gapAroundMs(faultAt);
        GuestClient.Durable.Readback rb = durable.readBack();
        assertEquals(List.of(), durable.problems(), what + ": durable writes");
        assertTrue(rb.acked() > 0, what + ": writes were acknowledged");
        assertEquals(List.of(), rb.missing(), what + ": every acknowledged write is on the survivor (" + rb.acked() + " acked)");
        assertEquals(marker, rb.bootMarker(), what + ": the boot marker is on the survivor's disk");
        say(what + ": the client's gap " + gap + " ms");
        return gap;
    }

    public void say(String line) {
        System.out.println("[" + tag + "] " + line);
    }

    /** Each host's agent log and Pacemaker's lines about the pair, fencing, errors and warnings. */
    public String diagnostics() {
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

    /** Each host's logs (Corosync, Pacemaker, the agent's coloctl) copied to {@code to} for a post-mortem. */
    public void keepLogs(Path to) {
        Path abs = to.toAbsolutePath();
        for (String h : List.of("hostA", "hostB")) {
            new org.coloconsole.engine.remote.LocalHost().run(org.coloconsole.engine.remote.Command.of("sh", "-c",
                    "rm -rf \"$2\" && mkdir -p \"$2\" && cp -r \"$1/log-pacemaker\" \"$1/log-corosync\" \"$1/state\" \"$2/\"",
                    "sh", pm.machine(h).toString(), abs.resolve(h).toString()));
        }
        say("logs kept under " + abs);
    }

    @Override
    public void close() throws Exception {
        Closing.all(client, console, session, lab);
    }
}
