package org.coloconsole.engine.heartbeat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.coloconsole.engine.model.FenceOutcome;
import org.coloconsole.engine.model.NodeObservation;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.model.Role;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.cluster.Slot;

/**
 * The heartbeat QEMU's COLO document lists as missing: every interval it polls both nodes
 * (through the pair monitor), turns what it sees into evidence, feeds the {@link FailoverPolicy},
 * and carries out its decisions: fence a node (through the guard's fencing, which proves itself),
 * run the failover runbook, raise alerts, halt. Evidence and decisions are kept and journaled.
 */
public final class AutoFailover implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AutoFailover.class);

    private final PairMonitor monitor;
    private final PairContext ctx;
    private final HeartbeatConfig config;
    private final FailoverPolicy policy;
    private final ScheduledExecutorService beat;
    private final java.util.concurrent.ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "heartbeat probe");
        t.setDaemon(true);
        return t;
    });
    private final List<Consumer<String>> alerts = new CopyOnWriteArrayList<>();
    private final List<String> evidence = new CopyOnWriteArrayList<>();
    private final long t0 = System.nanoTime();
    private volatile RunResult lastFailover;
    private Slot frozenPrimary;
    /** Since when the console has reached each node's QMP without a break (for the peer's evidence). */
    private final java.util.Map<Slot, java.time.Instant> reachableSince = new java.util.EnumMap<>(Slot.class);
    private volatile long decidedAtNanos;
    private volatile RunListener runListener = RunListener.NONE;

    /**
     * Runs a failover runbook for the heartbeat; returns null when it may not run now (another
     * operation holds the pair). The default runs it directly (tests, benchmarks); the console's
     * controller passes one that takes the pair's one-operation-at-a-time lock.
     */
    private volatile java.util.function.Function<org.coloconsole.engine.runbook.Runbook, RunResult> runner;

    /** Where the failover runbook runs (see {@link #runner}). */
    public void runner(java.util.function.Function<org.coloconsole.engine.runbook.Runbook, RunResult> r) {
        runner = r;
    }

    public AutoFailover(PairMonitor monitor, PairContext ctx, HeartbeatConfig config) {
        this.monitor = monitor;
        this.ctx = ctx;
        this.config = config;
        this.policy = new FailoverPolicy(config.misses(), config.guard(), config.automatic());
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat " + ctx.pair().name());
            t.setDaemon(true);
            return t;
        });
    }

    public AutoFailover start() {
        // At a fixed rate: "misses x interval" is the detection time, not misses x (interval + beat).
        beat.scheduleAtFixedRate(this::beatSafely, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Who hears the failover runbook's steps (the console's audit log). */
    public void runListener(RunListener l) {
        runListener = l;
    }

    public void onAlert(Consumer<String> l) {
        alerts.add(l);
    }

    public FailoverPolicy.Phase phase() {
        return policy.phase();
    }

    /** The policy's transitions, with times (ms since start). */
    public List<String> log() {
        return policy.log();
    }

    /** What the heartbeats saw when something was missed. */
    public List<String> evidence() {
        return List.copyOf(evidence);
    }

    public RunResult lastFailover() {
        return lastFailover;
    }

    /** When (System.nanoTime) the policy last decided a node was dead and acted (fence or failover); 0 before. */
    public long decidedAtNanos() {
        return decidedAtNanos;
    }

    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            alert("heartbeat error: " + e.getMessage());
        }
    }

    private synchronized void beat() {
        long now = (System.nanoTime() - t0) / 1_000_000;
        pollBounded();
        Slot primarySlot = primarySlot();
        // Both nodes' host probes at once, each bounded by one interval: a hung host is a miss,
        // never a beat that waits for an SSH timeout.
        CompletableFuture<HostProbe> pp = CompletableFuture.supplyAsync(() -> probe(primarySlot), probes);
        CompletableFuture<HostProbe> sp = CompletableFuture.supplyAsync(() -> probe(primarySlot.other()), probes);
        NodeHealth p = health(primarySlot, await(pp));
        NodeHealth s = health(primarySlot.other(), await(sp));
        if (p.missed() || s.missed()) {
            evidence.add("t=" + now + " primary(" + primarySlot.label() + "): " + p.evidence() + "; secondary: " + s.evidence());
            if (evidence.size() > 1000) {
                evidence.remove(0); // bounded
            }
        }
        for (FailoverPolicy.Decision d : policy.heartbeat(now, p, s)) {
            act(d, primarySlot);
        }
    }

    /** The poll this beat started or found running; at most one in flight, never waited on past the bound. */
    private CompletableFuture<Void> polling = CompletableFuture.completedFuture(null);

    /**
     * Fresh QMP evidence for this beat, bounded: a poll of both nodes is started (unless one still
     * runs) and waited for at most half an interval. Whatever did not answer by then is judged by
     * the age of what the monitor last heard from it (see {@link #health}).
     */
    private void pollBounded() {
        if (polling.isDone()) {
            polling = CompletableFuture.runAsync(monitor::poll, probes);
        }
        try {
            polling.get(config.interval().toMillis() / 2, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // a node hangs: its observation grows old and counts as a miss
            LOG.debug("heartbeat: the poll overran half an interval (a node hangs)");
        } catch (java.util.concurrent.ExecutionException e) {
            // the poll failed as a whole: every observation grows old
            LOG.warn("heartbeat: the poll failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one command on the node's host said: whether the host answered and whether its QEMU runs. */
    private record HostProbe(boolean hostReachable, boolean processAlive) {
    }

    private HostProbe await(CompletableFuture<HostProbe> f) {
        try {
            return f.get(config.interval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            return new HostProbe(false, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HostProbe(false, false);
        } catch (java.util.concurrent.ExecutionException e) {
            return new HostProbe(false, false);
        }
    }

    /**
     * One command answers both questions: the host runs commands, and the process named by the
     * node's pid file lives (not a zombie). One SSH round trip per node and beat.
     */
    private HostProbe probe(Slot slot) {
        try {
            var r = ctx.host(slot).run(new Command(List.of("sh", "-c",
                    "p=$(cat \"$1\" 2>/dev/null) || exit 3; ps -o stat= -p \"$p\" || exit 4", "sh", ctx.node(slot).pidFile()),
                    config.interval(), null, null));
            String stat = r.stdout().strip();
            return new HostProbe(true, r.ok() && !stat.isEmpty() && !stat.startsWith("Z"));
        } catch (RuntimeException e) {
            return new HostProbe(false, false);
        }
    }

    /**
     * The slot whose QEMU the policy calls "primary". While all is well that is the monitor's
     * latched primary; from the first miss on it is frozen, because the policy's "primary" and
     * "secondary" name the nodes as they were when trouble began: after a failover the survivor
     * becomes the primary now, and a mapping that followed it would make the policy fence the
     * survivor as "the dead node come back".
     */
    private Slot primarySlot() {
        if (frozenPrimary == null || policy.phase() == FailoverPolicy.Phase.MONITORING) {
            frozenPrimary = monitor.primaryNow();
        }
        return frozenPrimary;
    }

    private NodeHealth health(Slot slot, HostProbe probe) {
        NodeObservation o = monitor.observation(slot);
        NodeObservation peer = monitor.observation(slot.other());
        // QMP answered only if it did so lately: an observation older than three beats is a node
        // whose poll hangs (the beat never waits for it).
        java.time.Instant fresh = java.time.Instant.now().minus(config.interval().multipliedBy(3));
        boolean qmpAnswers = o.reachable() && o.at() != null && o.at().isAfter(fresh);
        boolean peerAnswers = peer.reachable() && peer.at() != null && peer.at().isAfter(fresh);
        boolean processAlive = probe.processAlive();
        boolean hostReachable = probe.hostReachable();
        // The peer lost it too when the peer left COLO on an error, its proxy links are down, or
        // checkpoints stopped as the peer itself sees them (its own STOP/RESUME around each one):
        // a powered-off host sends no RST, so the links may look up for minutes, but no checkpoint
        // completes without it. Nothing here needs the missing node's own QMP.
        // Only as far as the console has watched the peer without a break: just back from a cut
        // of its own, the console has not yet seen the peer's next checkpoint, which proves nothing.
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant watchedSince = peerAnswers ? reachableSince.computeIfAbsent(slot.other(), k -> now) : null;
        if (!peerAnswers) {
            reachableSince.remove(slot.other());
        }
        java.time.Instant last = monitor.lastResume(slot.other());
        java.time.Instant from = last == null || (watchedSince != null && watchedSince.isAfter(last)) ? watchedSince : last;
        boolean checkpointsStopped = from != null && java.time.Duration.between(from, now)
                .compareTo(org.coloconsole.engine.monitor.PairStateReducer.stallAfter(
                        java.time.Duration.ofMillis(monitor.liveCheckpointDelayMs()))) > 0;
        boolean peerLost = peerAnswers && ("error".equals(peer.reason()) || !peer.proxyLinksDown().isEmpty()
                || monitor.state().reason().contains("COLO exited") || checkpointsStopped);
        return new NodeHealth(qmpAnswers, hostReachable, processAlive, peerLost);
    }

    private void act(FailoverPolicy.Decision d, Slot primarySlot) {
        long now = (System.nanoTime() - t0) / 1_000_000;
        if (d instanceof FailoverPolicy.Decision.Alert a) {
            alert(a.message());
        } else if (d instanceof FailoverPolicy.Decision.Fence f) {
            decidedAtNanos = System.nanoTime();
            SplitBrainGuard.Fence guard = (SplitBrainGuard.Fence) config.guard();
            Slot target = f.node() == Role.PRIMARY ? primarySlot : primarySlot.other();
            FenceOutcome o;
            try {
                o = guard.fencing().fence(target);
            } catch (RuntimeException e) {
                o = new FenceOutcome(true, false, "", "the fence could not run: " + e.getMessage(), List.of(), 0);
            }
            for (FailoverPolicy.Decision next : policy.fenceResult((System.nanoTime() - t0) / 1_000_000, o.elapsedMs(),
                    o.ok(), o.detail())) {
                act(next, primarySlot);
            }
            haltIfHalted(o.detail());
        } else if (d instanceof FailoverPolicy.Decision.Failover f) {
            if (decidedAtNanos == 0) {
                decidedAtNanos = System.nanoTime();
            }
            Slot survivor = f.survivor() == Role.PRIMARY ? primarySlot : primarySlot.other();
            Role role = f.survivor();
            monitor.failingOver(true);
            try {
                var rb = Runbooks.failover(ctx.pair(), survivor, role);
                var r = runner;
                RunResult result = r == null ? Executor.run(rb, ctx, runListener) : r.apply(rb);
                if (result == null) {
                    alert("automatic failover did not run: another operation holds the pair; fail over by hand once it ends");
                    policy.failoverResult(now, false, "another operation holds the pair");
                    haltIfHalted("automatic failover did not run: another operation holds the pair");
                    return;
                }
                lastFailover = result;
            } finally {
                monitor.failingOver(false);
            }
            policy.failoverResult(now, lastFailover.ok(), lastFailover.ok() ? "" : lastFailover.error());
            if (!lastFailover.ok()) {
                alert("automatic failover failed: " + lastFailover.summary());
            }
            haltIfHalted("automatic failover failed: " + lastFailover.summary());
        }
    }

    /** The policy stopped short: the pair shows HALTED, with why, until the operator acts. */
    private void haltIfHalted(String why) {
        if (policy.phase() == FailoverPolicy.Phase.HALTED) {
            monitor.halt("automatic failover stopped: " + why + ". Confirm the node is dead, then fail over by hand");
        }
    }

    private void alert(String message) {
        ctx.journal().record("heartbeat", null, null, "alert", message);
        for (Consumer<String> l : alerts) {
            l.accept(message);
        }
    }

    @Override
    public void close() {
        beat.shutdownNow();
        probes.shutdownNow();
        try {
            beat.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
