package org.coloconsole.engine.control;

import org.coloconsole.engine.model.Plan;

import org.coloconsole.engine.model.ColoMode;

import org.coloconsole.engine.model.StepInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.coloconsole.engine.cluster.FenceSpec;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.fence.PairFencing;
import org.coloconsole.engine.model.FenceOutcome;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.control.LogEntry.Severity;
import org.coloconsole.engine.model.CheckpointRecord;
import org.coloconsole.engine.model.NodeObservation;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.model.NodeRequirements;
import org.coloconsole.engine.qemu.Preflight;
import org.coloconsole.engine.model.PreflightReport;
import org.coloconsole.engine.model.Role;
import org.coloconsole.engine.qmp.QmpEvent;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.Hosts;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.Recovery;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.runbook.Step;

/**
 * The engine's facade for a console: one pair, watched (state, checkpoints, events) and driven
 * (runbooks one at a time, preflight, fencing, history export). Listeners are called on engine
 * threads; a GUI hands them to its own thread. Closing it stops watching; the VMs keep running.
 */
public final class PairController implements AutoCloseable {
    private final PairSpec pair;
    private final PairContext ctx;
    private final PairMonitor monitor;
    private final PairFencing fencing;
    private final ExecutorService runner;
    private final AtomicReference<String> running = new AtomicReference<>();
    private final List<Consumer<LogEntry>> logListeners = new CopyOnWriteArrayList<>();
    private volatile PairState lastLogged;
    private org.coloconsole.engine.heartbeat.AutoFailover auto;
    /** Automatic failover was paused by a runbook: arm it again once the pair is Protected. */
    private volatile boolean rearmWhenProtected;
    private Function<org.coloconsole.engine.cluster.HostAccess, Host> probeHosts;
    private org.coloconsole.engine.monitor.ServiceProbe probe;
    private final List<Consumer<org.coloconsole.engine.model.ProbeSample>> probeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<org.coloconsole.engine.model.ProbeGap>> gapListeners = new CopyOnWriteArrayList<>();

    /**
     * Checkpoints kept per pair for the timeline and exports: the last 100,000 (hours at a high
     * checkpoint rate, days at the usual one), 2.5 MB allocated once (see soak.json).
     */
    public static final int CHECKPOINTS_KEPT = 100_000;

    /** Heartbeat of automatic failover: every 500 ms, 3 misses (RTO about 2 s, see rto.json). */
    public static final Duration HEARTBEAT = Duration.ofMillis(500);
    public static final int MISSES = 3;
    /** How often Pacemaker's view is asked for (crm_mon over SSH). */
    static final Duration PACEMAKER_POLL = Duration.ofSeconds(2);
    private volatile PacemakerWatch pacemaker;
    private final List<Consumer<String>> clusterListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public PairController(PairSpec pair, Function<NodeSpec, Host> hostFor, Journal journal, Duration pollInterval,
                          int historyCapacity) {
        this(pair, hostFor, NodeSpec::monitorSocket, journal, pollInterval, historyCapacity);
    }

    private PairController(PairSpec pair, Function<NodeSpec, Host> hostFor, Function<NodeSpec, String> monitorSocket,
                           Journal journal, Duration pollInterval, int historyCapacity) {
        this.pair = pair;
        this.ctx = new PairContext(pair, hostFor, journal);
        this.monitor = new PairMonitor(pair, hostFor, monitorSocket, pollInterval, historyCapacity);
        this.fencing = new PairFencing(ctx, monitor);
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "runbook " + pair.name());
            t.setDaemon(true);
            return t;
        });
        monitor.addEventListener(this::logEvent);
        monitor.addListener(this::logStateChange);
        monitor.addListener(this::rearmIfProtected);
    }

    /** A controller for a profile's pair: hosts through {@code ssh}, journal under the user's state dir. */
    public static PairController open(PairSpec pair, SshConnector ssh) {
        return new PairController(pair, n -> Hosts.open(n.host(), ssh), new Journal(journalFile(pair)),
                Duration.ofSeconds(1), CHECKPOINTS_KEPT).withProbeHosts(a -> Hosts.open(a, ssh));
    }

    /**
     * A controller run on one of the pair's own hosts (the OCF agent): that node through this
     * machine, the peer through {@code ssh}, both watched on their agent monitors (a console
     * watching the pair at the same time keeps its own).
     */
    public static PairController onNode(PairSpec pair, Slot self, SshConnector ssh) {
        return onNode(pair, self, (org.coloconsole.engine.cluster.HostAccess h) -> Hosts.open(h, ssh));
    }

    /** The same, the peer's host opened by {@code hosts} (e.g. a session that keeps its logins). */
    public static PairController onNode(PairSpec pair, Slot self, Function<org.coloconsole.engine.cluster.HostAccess, Host> hosts) {
        return onNodeWith(pair, self, n -> hosts.apply(n.host()));
    }

    /**
     * The same, with the peer's host known to be off (fenced): it is not asked at all (see
     * {@link org.coloconsole.engine.remote.FencedHost}), so nothing waits on a host that cannot answer.
     */
    public static PairController onNodePeerFenced(PairSpec pair, Slot self, String why) {
        return onNodeWith(pair, self, n -> new org.coloconsole.engine.remote.FencedHost(n.host().toString(), why));
    }

    private static PairController onNodeWith(PairSpec pair, Slot self, Function<NodeSpec, Host> peer) {
        org.coloconsole.engine.remote.LocalHost here = new org.coloconsole.engine.remote.LocalHost();
        return new PairController(pair, n -> n == self.of(pair) ? here : peer.apply(n), NodeSpec::agentSocket,
                new Journal(journalFile(pair)), Duration.ofSeconds(1), 16);
    }

    /** Stops this controller's node {@code slot} only (see {@code Runbooks.stopNode}). */
    public Plan stopNodePlan(Slot slot) {
        return Runbooks.stopNode(pair, slot);
    }

    /** How to reach named hosts: where the service probe runs from, and the pair's hosts for Pacemaker's view (without it neither runs). */
    public PairController withProbeHosts(Function<org.coloconsole.engine.cluster.HostAccess, Host> hosts) {
        this.probeHosts = hosts;
        return this;
    }

    /** ~/.local/state/colo-console/journal/PAIR.jsonl (XDG_STATE_HOME honoured). */
    public static Path journalFile(PairSpec pair) {
        return StatePaths.journalFile(pair);
    }

    private volatile CompletableFuture<Optional<String>> recovery = CompletableFuture.completedFuture(Optional.empty());

    /**
     * What the start found and did about a runbook the journal shows interrupted (a console or
     * coloctl that died mid-way): undone from the journal (see {@link Recovery}), under the pair's
     * lock (which proves its process is gone). Empty when there was nothing to do.
     */
    public CompletableFuture<Optional<String>> recovery() {
        return recovery;
    }

    private Optional<String> recoverInterrupted() {
        var drill = DrillRecovery.interrupted(ctx.journal());
        if ((Recovery.find(ctx.journal()).isEmpty() && drill.isEmpty()) || !running.compareAndSet(null, "recovery")) {
            return Optional.empty();
        }
        try (PairLock lock = PairLock.acquire(pair, ctx, List.of(Slot.values()), "recovery of an interrupted runbook")) {
            Optional<String> r = Recovery.undoInterrupted(ctx);
            r.ifPresent(t -> log(LogEntry.PAIR, Severity.WARN, "recovery", t));
            if (drill.isPresent()) {
                // A drill left half-done: its failover and resume are finished, so the pair is Protected again.
                String d = DrillRecovery.finish(this, drill.get());
                log(LogEntry.PAIR, Severity.WARN, "recovery", d);
                return Optional.of(r.map(t -> t + "; ").orElse("") + d);
            }
            return r;
        } catch (PairBusyException e) {
            log(LogEntry.PAIR, Severity.WARN, "recovery", "the journal ends in an unfinished runbook, but " + e.getMessage()
                    + ": left to the process that runs it");
            return Optional.empty();
        } catch (RuntimeException e) {
            log(LogEntry.PAIR, Severity.ERROR, "recovery", "could not undo the interrupted runbook: " + e.getMessage());
            return Optional.empty();
        } finally {
            running.set(null);
            monitor.poll();
        }
    }

    /** The runbooks' context, for work of this package that runs runbooks under a lock it holds (the drill). */
    PairContext context() {
        return ctx;
    }

    /** A host named in the profile (the probe's), or null when this controller has no way to reach one. */
    Host probeHost(org.coloconsole.engine.cluster.HostAccess access) {
        return probeHosts == null ? null : probeHosts.apply(access);
    }

    /**
     * Runs a failover drill on this pair (blocking, minutes: never on the FX thread): the victim's
     * QEMU killed, failover, the client's gap and the data checked, resumed to Protected, and the
     * report written beside the journal. Refused unless the pair is Protected and free.
     *
     * @param victim   whose QEMU is killed
     * @param operator who runs it (for the report)
     * @param progress one line per phase and step
     */
    public org.coloconsole.engine.model.DrillReport drill(Slot victim, String operator, Consumer<String> progress) {
        return drill(victim, operator, false, progress);
    }

    /**
     * The same, and with {@code failback} the drill then runs again on the node that is primary
     * after it, so the pair ends in its original roles (two failovers; the report holds the worse
     * value of each measure).
     */
    public org.coloconsole.engine.model.DrillReport drill(Slot victim, String operator, boolean failback, Consumer<String> progress) {
        if (pacemakerManaged()) {
            throw new IllegalStateException("Pacemaker runs this pair: a drill that kills a QEMU behind its back would race "
                    + "its own failover (a drill through Pacemaker is not built yet)");
        }
        pauseAutoFailover("failover drill");
        return new FailoverDrill(this, victim, operator, failback, progress).run();
    }

    /** The pair's past drills, newest first. */
    public List<org.coloconsole.engine.model.DrillReport> drills() {
        return org.coloconsole.engine.drill.DrillFiles.list(drillDir());
    }

    /** A drill report's file: {@code json} or {@code html}. */
    public Path drillReportFile(String id, String kind) {
        return drillDir().resolve(id + "." + kind);
    }

    /** Where the pair's drill reports go: beside its journal ({@code drills/PAIR/} in the journal's directory). */
    Path drillDir() {
        return org.coloconsole.engine.drill.DrillFiles.dir(ctx.journal().file().toAbsolutePath().getParent(), pair.name());
    }

    /** What a drill on {@code victim} kills and does, for the operator's confirmation. */
    public String drillWarning(Slot victim) {
        NodeSpec n = victim.of(pair);
        return "The drill kills the QEMU of the " + victim.label() + " (" + n.host() + ", its guest "
                + (victim == primaryNow() ? "the primary: clients fail over to the " + victim.other().label()
                : "the secondary: the primary goes on alone") + "), checks what clients saw and the data, then resumes "
                + "the pair to Protected. Objectives: client gap at most " + pair.drill().maxClientGapMs() + " ms, Protected "
                + "again within " + pair.drill().maxToProtectedMs() / 1000 + " s.";
    }

    public PairController start() {
        monitor.start();
        // Roles as the last runbook left them, until a node answers (after a resume they are swapped).
        // Reading the journal is file work: on the runbook thread, never the caller's (the FX thread).
        runner.execute(() -> org.coloconsole.engine.runbook.JournalRoles.primary(ctx.journal())
                .ifPresent(monitor::seedPrimary));
        recovery = CompletableFuture.supplyAsync(this::recoverInterrupted, runner);
        if (pair.probe() != null && probeHosts != null) {
            probe = new org.coloconsole.engine.monitor.ServiceProbe(pair.probe(), probeHosts.apply(pair.probe().from()));
            probe.onSample(s -> probeListeners.forEach(l -> l.accept(s)));
            probe.onGap(g -> {
                log(LogEntry.PAIR, Severity.WARN, "service probe", "clients saw nothing for " + g.millis() + " ms ("
                        + pair.probe() + ")");
                gapListeners.forEach(l -> l.accept(g));
            });
            probe.start();
            log(LogEntry.PAIR, Severity.INFO, "service probe", "probing " + pair.probe());
        }
        if (pair.pacemaker() != null && probeHosts != null) {
            // Pacemaker's view beside QEMU's: every change goes on the log (and so on the timeline).
            pacemaker = new PacemakerWatch(new PacemakerCluster(probeHosts, pair), PACEMAKER_POLL);
            pacemaker.onChange(text -> log(LogEntry.PAIR, text.contains("NO QUORUM") || text.contains("failed")
                    || text.contains("fencing") || text.contains("UNCLEAN") || text.contains("does not answer")
                    ? Severity.WARN : Severity.INFO, "pacemaker", text));
            pacemaker.onStatus(st -> clusterListeners.forEach(l -> l.accept(st.text().strip())));
            pacemaker.onError(e -> clusterListeners.forEach(l -> l.accept("Pacemaker does not answer: " + e)));
            pacemaker.start();
        }
        return this;
    }

    /** Pacemaker's last view of a pair it runs (empty: not a Pacemaker pair, or not asked yet). */
    public Optional<org.coloconsole.engine.model.ClusterStatus> clusterStatus() {
        return pacemaker == null ? Optional.empty() : Optional.ofNullable(pacemaker.last());
    }

    /** Called with Pacemaker's view as text each time it is polled, or why it could not be (on the watcher's thread). */
    public void addClusterListener(Consumer<String> l) {
        clusterListeners.add(l);
    }

    /** Whether Pacemaker runs this pair: the console acts only through it (and its own automatic failover is off). */
    public boolean pacemakerManaged() {
        return pair.pacemaker() != null;
    }

    /** Switchover through Pacemaker: a move of the promoted role to {@code to} (clear it after with {@link #pacemakerClear}). */
    public void pacemakerMove(Slot to) {
        pacemakerCluster().moveTo(to);
        log(LogEntry.PAIR, Severity.INFO, "pacemaker", "operator: move the promoted role to the " + to.label());
    }

    /**
     * Where a switchover would move the promoted role: the node Pacemaker has not promoted (its
     * last view). Empty when it has promoted nowhere, or has not answered yet.
     */
    public Optional<Slot> pacemakerSwitchoverTarget() {
        return clusterStatus().map(org.coloconsole.engine.model.ClusterStatus::promoted)
                .map(node -> PacemakerAgent.slotOf(pair, node).other());
    }

    /**
     * The console's switchover of a Pacemaker pair: the promoted role moved to {@code to} (the
     * current primary stops, the secondary takes over from its last checkpoint, the old primary
     * resyncs), waited for (bounded), then the move's constraint cleared. Blocking: not on the FX thread.
     */
    public org.coloconsole.engine.model.ClusterStatus pacemakerSwitchover(Slot to, Consumer<String> progress) {
        PacemakerCluster c = pacemakerCluster();
        String node = pair.pacemaker().node(to);
        pacemakerMove(to);
        progress.accept("Pacemaker moves the promoted role to " + node);
        try {
            return c.awaitStatus(st -> node.equals(st.promoted()), Duration.ofSeconds(120), node + " promoted", progress);
        } finally {
            pacemakerClear();
            progress.accept("move cleared: Pacemaker places the pair freely again");
        }
    }

    /** Clears the move and ban constraints (after a switchover; lets Pacemaker start a banned node again). */
    public void pacemakerClear() {
        pacemakerCluster().clear();
        log(LogEntry.PAIR, Severity.INFO, "pacemaker", "operator: constraints cleared");
    }

    /** Maintenance mode on or off. */
    public void pacemakerMaintenance(boolean on) {
        pacemakerCluster().maintenance(on);
        log(LogEntry.PAIR, Severity.WARN, "pacemaker", "operator: maintenance mode " + (on ? "on" : "off"));
    }

    private PacemakerCluster pacemakerCluster() {
        if (pair.pacemaker() == null || probeHosts == null) {
            throw new IllegalStateException(pair.name() + " is not run by Pacemaker (no 'pacemaker' keys)");
        }
        return new PacemakerCluster(probeHosts, pair);
    }

    /** The service probe (what clients see), when the pair has one. */
    public Optional<org.coloconsole.engine.monitor.ServiceProbe> probe() {
        return Optional.ofNullable(probe);
    }

    /** Every probe answer or failure (engine thread). */
    public void addProbeListener(Consumer<org.coloconsole.engine.model.ProbeSample> l) {
        probeListeners.add(l);
    }

    public void removeProbeListener(Consumer<org.coloconsole.engine.model.ProbeSample> l) {
        probeListeners.remove(l);
    }

    /** Every silence the clients saw (engine thread). */
    public void addGapListener(Consumer<org.coloconsole.engine.model.ProbeGap> l) {
        gapListeners.add(l);
    }

    public PairSpec pair() {
        return pair;
    }

    /** The monitor itself: for the engine and its tests; the console uses the methods below. */
    public PairMonitor monitor() {
        return monitor;
    }

    /** The node that is primary now: the one rule (the monitor's latch), asked by everyone. */
    public Slot primaryNow() {
        return monitor.primaryNow();
    }

    /** What the node's QEMU said at the last poll. */
    public NodeObservation observation(Slot slot) {
        return monitor.observation(slot);
    }

    /** The pair's state as of the last poll. */
    public PairState state() {
        return monitor.state();
    }

    /** The checkpoints kept (oldest first), up to {@link #CHECKPOINTS_KEPT}. */
    public List<CheckpointRecord> checkpoints() {
        return monitor.timeline().all();
    }

    /** Checkpoints seen since the console started watching (also those no longer kept). */
    public long checkpointCount() {
        return monitor.timeline().count();
    }

    /** Polls both nodes now (blocking, bounded) and returns the state. */
    public PairState pollNow() {
        monitor.poll();
        return monitor.state();
    }

    /** Starts watching only: the monitor's polls and events, no recovery, no probe (coloctl watch). */
    public PairController startWatching() {
        monitor.start();
        return this;
    }

    public Journal journal() {
        return ctx.journal();
    }

    public void addStateListener(Consumer<PairState> l) {
        monitor.addListener(l);
    }

    public void removeStateListener(Consumer<PairState> l) {
        monitor.removeListener(l);
    }

    public void addCheckpointListener(Consumer<CheckpointRecord> l) {
        monitor.addCheckpointListener(l);
    }

    public void removeCheckpointListener(Consumer<CheckpointRecord> l) {
        monitor.removeCheckpointListener(l);
    }

    /** Every log entry: QEMU events, state changes, runbook commands and answers, fencing. */
    public void addLogListener(Consumer<LogEntry> l) {
        logListeners.add(l);
    }

    /** What makes sense now, from the last poll. */
    public PairActions actions() {
        return PairActions.of(monitor.observation(Slot.PRIMARY_NODE), monitor.observation(Slot.SECONDARY_NODE), running.get());
    }

    /** The runbook running now, if any. */
    public Optional<String> running() {
        return Optional.ofNullable(running.get());
    }

    // ---- plans (dry runs: nothing is sent until run) ----

    public Plan protectPlan() {
        return Runbooks.protect(pair);
    }

    public Plan stopPlan() {
        return Runbooks.teardown(pair);
    }

    /** Sets the checkpoint interval on whichever node is the primary now. */
    public Plan delayPlan(int ms) {
        if (ms < 100 || ms > 3_600_000) {
            throw new IllegalArgumentException("checkpoint delay must be 100..3600000 ms, got " + ms);
        }
        return Runbooks.setCheckpointDelay(pair, monitor.primaryNow(), ms);
    }

    public Plan failoverPlan(FailoverAssessment a) {
        if (a.survivor() == null) {
            throw new IllegalStateException("no node can take over: " + a.blocker());
        }
        return Runbooks.failover(pair, a.survivor(), a.survivorRole());
    }

    /** Resume from the node that runs alone; empty when no node does (see {@link #actions()}). */
    public Optional<Plan> resumePlan() {
        PairActions a = actions();
        if (a.resumePrimary() == null) {
            return Optional.empty();
        }
        return Optional.of(Runbooks.resume(pair, a.resumePrimary(), a.resumeWasSecondary()));
    }

    /**
     * A failover to {@code survivor} as the operator named it (coloctl): its role is read from its
     * QEMU now. Empty when it already runs alone.
     */
    public Optional<Plan> failoverPlan(Slot survivor) {
        monitor.poll();
        NodeObservation o = monitor.observation(survivor);
        if (!o.reachable()) {
            throw new IllegalStateException("the survivor (" + survivor.label() + ") does not answer on QMP: " + o.error());
        }
        if (o.coloMode() == ColoMode.NONE) {
            return Optional.empty();
        }
        return Optional.of(Runbooks.failover(pair, survivor, o.coloMode().role()));
    }

    /** The runbooks by the names coloctl's dry run knows. */
    public static final List<String> PLAN_NAMES = List.of("protect", "failover-to-secondary", "failover-to-primary",
            "resume-from-primary", "resume-from-secondary", "teardown");

    /** A runbook by name, for a dry run (see {@link #PLAN_NAMES}; "up" and "down" too). */
    public Plan namedPlan(String name) {
        return switch (name) {
            case "protect", "up" -> Runbooks.protect(pair);
            case "failover-to-secondary" -> Runbooks.failoverToSecondary(pair);
            case "failover-to-primary" -> Runbooks.failoverToPrimary(pair);
            case "resume-from-primary" -> Runbooks.resume(pair, Slot.PRIMARY_NODE, false);
            case "resume-from-secondary" -> Runbooks.resume(pair, Slot.SECONDARY_NODE, true);
            case "teardown", "down" -> Runbooks.teardown(pair);
            default -> throw new IllegalArgumentException("unknown runbook '" + name + "' (known: " + PLAN_NAMES + ")");
        };
    }

    static Runbook runbookOf(Plan plan) {
        if (plan instanceof Runbook rb) {
            return rb;
        }
        throw new IllegalArgumentException("not a plan of this engine: " + plan);
    }

    /**
     * What a run outside a console (coloctl) did: the recovery's report (if the journal showed an
     * interrupted runbook, undone first), then the runbook's result.
     */
    public record Outcome(Optional<String> recovered, RunResult result) {
    }

    /**
     * Runs a plan on the calling thread under the pair's lock, after undoing what an interrupted
     * runbook left (holding the lock proves its process is gone). For coloctl.
     *
     * @throws PairBusyException another console or coloctl holds the pair
     */
    public Outcome runExclusive(Plan plan, String what, RunListener listener) {
        Runbook rb = runbookOf(plan);
        try (PairLock lock = PairLock.forRunbook(ctx, rb, what)) {
            Optional<String> recovered = Recovery.undoInterrupted(ctx);
            return new Outcome(recovered, Executor.run(rb, ctx, listener));
        }
    }

    // ---- doing ----

    /**
     * Runs a runbook on the controller's runbook thread. One at a time: a second is refused
     * (naming the one that runs) rather than queued behind it.
     */
    public CompletableFuture<RunResult> run(Plan plan, RunListener listener) {
        Runbook rb = runbookOf(plan);
        if (!running.compareAndSet(null, rb.name())) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the runbook '" + running.get() + "' is running; wait for it to finish"));
        }
        pauseAutoFailover(rb.name());
        boolean failover = rb.name().startsWith("failover");
        log(LogEntry.PAIR, Severity.INFO, "runbook " + rb.name(), "started: " + rb.steps().size() + " steps");
        return CompletableFuture.supplyAsync(() -> {
            PairLock lock;
            try {
                lock = PairLock.forRunbook(ctx, rb, rb.name());
            } catch (RuntimeException e) {
                running.set(null);
                log(LogEntry.PAIR, Severity.ERROR, "runbook " + rb.name(), "refused: " + e.getMessage());
                throw e;
            }
            if (failover) {
                monitor.failingOver(true);
            }
            try (lock) {
                RunResult r = Executor.run(rb, ctx, new AuditingListener(rb.name(), listener));
                if (r.ok() && monitor.halted().isPresent()) {
                    log(LogEntry.PAIR, Severity.INFO, "monitor", "halt cleared: the operator's " + rb.name() + " succeeded");
                    monitor.clearHalt();
                }
                return r;
            } finally {
                running.set(null);
                if (failover) {
                    monitor.failingOver(false);
                }
                monitor.poll();
            }
        }, runner);
    }

    /** Runs {@link #delayPlan}; once it succeeded, the checkpoint it forces is marked as the operator's. */
    public CompletableFuture<RunResult> changeDelay(int ms, RunListener listener) {
        return run(delayPlan(ms), listener).thenApply(r -> {
            if (r.ok()) {
                monitor.checkpointDelayChanged(ms);
            }
            return r;
        });
    }

    /**
     * Arms (or disarms) automatic failover: the heartbeat watches both nodes and, when one is
     * dead, fences it with the pair's fencing action and runs the failover on its own. Refused
     * without a fencing action: without proof that the peer is dead it would risk split brain.
     */
    /** Why the console's own automatic failover is off for a pair Pacemaker runs. */
    public static final String PACEMAKER_DECIDES = "Pacemaker runs this pair (profile key 'pacemaker'): failover is "
            + "Pacemaker's, the console's own automatic failover stays off";

    public synchronized void armAutoFailover(boolean on) {
        rearmWhenProtected = false; // the operator's word replaces any pending re-arm
        if (on == (auto != null)) {
            return;
        }
        if (!on) {
            auto.close();
            auto = null;
            log(LogEntry.PAIR, Severity.WARN, "heartbeat", "automatic failover disarmed: the console only alerts");
            return;
        }
        if (pair.pacemaker() != null) {
            // Two deciders would race each other's fencing and promotion: Pacemaker is the one.
            throw new IllegalStateException(PACEMAKER_DECIDES);
        }
        PairState now = monitor.state();
        if (now == null || now.health() != PairState.Health.PROTECTED) {
            throw new IllegalStateException("automatic failover can be armed only while the pair is Protected (now: "
                    + (now == null ? "unknown" : now) + ")");
        }
        if (!pair.fenced()) {
            throw new IllegalStateException("automatic failover needs a fence for both nodes of pair " + pair.name()
                    + " (profile keys primary.fence and secondary.fence): without proof that the peer is dead it could "
                    + "make two primaries");
        }
        var config = new org.coloconsole.engine.heartbeat.HeartbeatConfig(HEARTBEAT, MISSES, true,
                new org.coloconsole.engine.heartbeat.SplitBrainGuard.Fence(this::fence,
                        Math.max(pair.primary().fence().timeoutMs(), pair.secondary().fence().timeoutMs())));
        auto = new org.coloconsole.engine.heartbeat.AutoFailover(monitor, ctx, config);
        auto.onAlert(message -> log(LogEntry.PAIR, Severity.WARN, "heartbeat", message));
        auto.runListener(new AuditingListener("failover (automatic)", RunListener.NONE));
        auto.runner(this::runAutomaticFailover);
        auto.start();
        log(LogEntry.PAIR, Severity.INFO, "heartbeat", "automatic failover armed: heartbeat every " + HEARTBEAT.toMillis()
                + " ms, " + MISSES + " misses, then fence (" + pair.primary().fence().shown("off") + " / "
                + pair.secondary().fence().shown("off") + ") and verify");
    }

    public synchronized boolean autoFailoverArmed() {
        return auto != null;
    }

    /**
     * An operator's runbook changes the pair (stop, failover, resume, protect, delay): the
     * heartbeat must not act on what that runbook does (a teardown stops the primary first; armed,
     * the heartbeat would fence it and fail over to the secondary being stopped). It is paused and
     * re-armed once the pair is seen Protected again.
     */
    private void pauseAutoFailover(String runbook) {
        org.coloconsole.engine.heartbeat.AutoFailover paused;
        synchronized (this) {
            paused = auto;
            if (paused == null) {
                return;
            }
            auto = null;
            rearmWhenProtected = true;
        }
        paused.close(); // outside the lock: its beat thread may be publishing a state to this controller
        log(LogEntry.PAIR, Severity.WARN, "heartbeat", "automatic failover paused while " + runbook
                + " runs; it re-arms when the pair is Protected again");
    }

    private void rearmIfProtected(PairState s) {
        // Checked before taking the lock: while armed (a beat thread publishing) the flag is false.
        if (!rearmWhenProtected || running.get() != null || s.health() != PairState.Health.PROTECTED) {
            return;
        }
        synchronized (this) {
            if (!rearmWhenProtected) {
                return;
            }
            try {
                armAutoFailover(true);
                log(LogEntry.PAIR, Severity.INFO, "heartbeat", "automatic failover re-armed: the pair is Protected again");
            } catch (RuntimeException e) {
                log(LogEntry.PAIR, Severity.WARN, "heartbeat", "automatic failover not re-armed: " + e.getMessage());
            }
        }
    }

    /** The heartbeat's failover, under the same one-operation lock as the operator's runbooks. */
    private RunResult runAutomaticFailover(Runbook rb) {
        if (!running.compareAndSet(null, "failover (automatic)")) {
            log(LogEntry.PAIR, Severity.ERROR, "heartbeat", "automatic failover refused: '" + running.get() + "' holds the pair");
            return null;
        }
        PairLock lock;
        try {
            lock = PairLock.forRunbook(ctx, rb, "failover (automatic)");
        } catch (RuntimeException e) {
            running.set(null);
            log(LogEntry.PAIR, Severity.ERROR, "heartbeat", "automatic failover refused: " + e.getMessage());
            return null;
        }
        try (lock) {
            return Executor.run(rb, ctx, new AuditingListener("failover (automatic)", RunListener.NONE));
        } finally {
            running.set(null);
        }
    }

    /** Fresh evidence about both nodes and who would take over. Blocking (asks the hosts). */
    public FailoverAssessment assessFailover() {
        monitor.poll();
        List<String> evidence = new ArrayList<>();
        Slot survivor = null;
        Role role = null;
        boolean peerAnswers = false;
        for (Slot s : Slot.values()) {
            NodeObservation o = monitor.observation(s);
            evidence.add(s.label() + " (" + s.of(pair).host() + "): " + describe(s, o));
        }
        for (Slot s : Slot.values()) {
            NodeObservation o = monitor.observation(s);
            if (o.inColo()) {
                NodeObservation peer = monitor.observation(s.other());
                if (survivor == null || !peer.reachable()) {
                    survivor = s;
                    role = o.coloMode().role();
                    peerAnswers = peer.reachable();
                }
            }
        }
        String blocker = null;
        if (survivor == null) {
            blocker = "no node is in COLO mode any more: nothing to fail over to (resume replication instead, or protect)";
        }
        return new FailoverAssessment(survivor, role, survivor == null ? null : survivor.other(), evidence, peerAnswers,
                blocker);
    }

    private String describe(Slot s, NodeObservation o) {
        StringBuilder b = new StringBuilder();
        if (o.reachable()) {
            b.append("QEMU answers: runstate ").append(o.runstate()).append(", COLO ").append(o.coloMode())
                    .append(" (reason ").append(o.reason()).append(")");
            if (!o.proxyLinksDown().isEmpty()) {
                b.append(", proxy links DOWN ").append(o.proxyLinksDown());
            }
        } else {
            b.append("QEMU does not answer (").append(o.error()).append(")");
        }
        try {
            boolean hostUp = ctx.host(s).run(new Command(List.of("true"), Duration.ofSeconds(3), null, null)).ok();
            b.append("; host ").append(hostUp ? "reachable" : "NOT reachable");
            if (hostUp) {
                var pid = ctx.pid(s);
                b.append(pid.isPresent() ? "; QEMU pid " + pid.getAsLong() + (ctx.host(s).isAlive(pid.getAsLong())
                        ? " is alive" : " is gone") : "; no QEMU pid file");
            }
        } catch (RuntimeException e) {
            b.append("; host NOT reachable (").append(e.getMessage()).append(")");
        }
        return b.toString();
    }

    /**
     * Fences a node with its own agent and verifies it (see {@link NodeFencer}): the one fencing
     * path, for the operator's guided failover and for the heartbeat. Blocking, bounded by the
     * node's fence deadline. Every step is logged and journaled, secrets redacted.
     */
    public FenceOutcome fence(Slot target) {
        FenceSpec spec = target.of(pair).fence();
        if (spec != null) {
            log(target.label(), Severity.WARN, "fence", "fencing the " + target.label() + " (" + ctx.host(target).name()
                    + "): " + spec.shown("off"));
        }
        FenceOutcome o = fencing.fence(target, step -> log(target.label(), Severity.INFO, "fence", step));
        log(target.label(), o.ok() ? Severity.WARN : Severity.ERROR, "fence", o.detail());
        return o;
    }

    /** Preflight of one node for its role now (blocking: runs a few commands on the node's host). */
    public PreflightReport preflight(Slot slot, Role role) {
        return preflight(slot.of(pair), role, ctx.host(slot));
    }

    /**
     * Preflight of both nodes, each for the role it holds now; when no QEMU of the pair runs, for
     * the roles a protect would give them (the profile's). Blocking.
     */
    public List<PreflightReport> preflightBoth() {
        monitor.poll();
        boolean running = monitor.observation(Slot.PRIMARY_NODE).reachable() || monitor.observation(Slot.SECONDARY_NODE).reachable();
        Slot primary = running ? monitor.primaryNow() : Slot.PRIMARY_NODE;
        return List.of(preflight(primary, Role.PRIMARY), preflight(primary.other(), Role.SECONDARY));
    }

    /** Preflight of a node that is not (yet) part of a watched pair, e.g. in the profile editor. */
    public static PreflightReport preflight(NodeSpec n, Role role, Host host) {
        boolean sec = role == Role.SECONDARY;
        // The ports the role listens on: a secondary only migration and NBD, on its replication
        // address; a primary the proxy's sockets, two of them on 127.0.0.1 inside the node (so
        // any listener on those numbers counts).
        var p = n.ports();
        NodeRequirements req = new NodeRequirements(sec ? Role.SECONDARY : Role.PRIMARY, n.qemuBinary(), n.image(),
                sec ? n.activeImage() : null, sec ? n.hiddenImage() : null, Math.max(1, n.memoryKiB() / 1024),
                sec ? List.of(p.migration(), p.nbd()) : List.of(p.compare0(), p.mirror(), p.compare1(), p.compareOut()),
                sec ? n.replicationAddress() : null, n.accelerator().name().toLowerCase(java.util.Locale.ROOT));
        return Preflight.run(host, req);
    }

    /**
     * Exact colo-compare counts over a window on the node that is primary now (trace events on
     * for that window only: per-packet tracing is costly). Blocking for the window plus the read.
     */
    public org.coloconsole.engine.model.TraceSample sampleMismatches(Duration window) {
        Slot primaryNow = monitor.primaryNow();
        return org.coloconsole.engine.monitor.TraceSampler.sample(ctx.qmp(primaryNow), ctx.host(primaryNow),
                primaryNow.of(pair).traceLog(), window);
    }

    /** Writes the checkpoint history (CSV and JSON) and the journal to {@code dir}; returns the files. */
    public List<Path> exportHistory(Path dir) throws IOException {
        Files.createDirectories(dir);
        String stamp = Instant.now().toString().replace(':', '-');
        Path csv = dir.resolve(pair.name() + "-checkpoints-" + stamp + ".csv");
        Path json = dir.resolve(pair.name() + "-checkpoints-" + stamp + ".json");
        Path journal = dir.resolve(pair.name() + "-journal-" + stamp + ".jsonl");
        Files.writeString(csv, monitor.timeline().toCsv());
        Files.writeString(json, monitor.timeline().toJson());
        if (Files.exists(ctx.journal().file())) {
            Files.copy(ctx.journal().file(), journal);
        } else {
            Files.writeString(journal, "");
        }
        return List.of(csv, json, journal);
    }

    private void logEvent(Slot slot, QmpEvent e) {
        Severity sev = switch (e.name()) {
            case "STOP", "RESUME", "MIGRATION_PASS" -> Severity.DEBUG;
            case "COLO_EXIT", "SHUTDOWN", "BLOCK_EXPORT_DELETED" -> Severity.WARN;
            case "QUORUM_REPORT_BAD", "BLOCK_JOB_ERROR" -> Severity.ERROR;
            default -> Severity.INFO;
        };
        String data = e.data() == null || e.data().isEmpty() ? "" : " " + e.data();
        emit(new LogEntry(e.timestamp(), slot.label(), sev, "qmp event", e.name() + data));
    }

    private void logStateChange(PairState s) {
        PairState before = lastLogged;
        if (before != null && before.health() == s.health() && before.reason().equals(s.reason())) {
            return;
        }
        lastLogged = s;
        Severity sev = switch (s.health()) {
            case PROTECTED, RESYNCING -> Severity.INFO;
            case NOT_PROTECTED -> Severity.ERROR;
            default -> Severity.WARN;
        };
        log(LogEntry.PAIR, sev, "monitor", s.toString());
    }

    private void log(String node, Severity severity, String source, String text) {
        emit(new LogEntry(Instant.now(), node, severity, source, text));
    }

    private void emit(LogEntry e) {
        for (Consumer<LogEntry> l : logListeners) {
            l.accept(e);
        }
    }

    /** Passes a runbook's progress on and writes every command and answer into the log. */
    private final class AuditingListener implements RunListener {
        private final String source;
        private final RunListener next;

        AuditingListener(String runbook, RunListener next) {
            this.source = "runbook " + runbook;
            this.next = next;
        }

        @Override
        public void stepStarted(int index, int total, StepInfo step) {
            log(step.slot().label(), Severity.INFO, source, "step " + (index + 1) + "/" + total + ": " + step.title());
            next.stepStarted(index, total, step);
        }

        @Override
        public void sent(StepInfo step, String what) {
            log(step.slot().label(), Severity.INFO, source, "→ " + what);
            next.sent(step, what);
        }

        @Override
        public void answered(StepInfo step, String answer) {
            log(step.slot().label(), Severity.INFO, source, "← " + answer);
            next.answered(step, answer);
        }

        @Override
        public void checked(StepInfo step, String observed) {
            log(step.slot().label(), Severity.INFO, source, "✓ " + observed);
            next.checked(step, observed);
        }

        @Override
        public void progress(StepInfo step, String text, double fraction) {
            next.progress(step, text, fraction);
        }

        @Override
        public void skipped(StepInfo step, String reason) {
            log(step.slot().label(), Severity.INFO, source, "skipped (already done): " + reason);
            next.skipped(step, reason);
        }

        @Override
        public void stepFailed(StepInfo step, String error) {
            log(step.slot().label(), Severity.ERROR, source, "FAILED: " + error);
            next.stepFailed(step, error);
        }

        @Override
        public void undone(StepInfo step, boolean ok, String answer) {
            log(step.slot().label(), ok ? Severity.WARN : Severity.ERROR, source,
                    (ok ? "undone: " : "UNDO FAILED: ") + step.undo() + " → " + answer);
            next.undone(step, ok, answer);
        }

        @Override
        public void finished(RunResult result) {
            log(LogEntry.PAIR, result.ok() ? Severity.INFO : Severity.ERROR, source, result.summary());
            next.finished(result);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (auto != null) {
                auto.close();
                auto = null;
            }
        }
        if (probe != null) {
            probe.close();
        }
        if (pacemaker != null) {
            pacemaker.close();
        }
        monitor.close();
        runner.shutdown();
        ctx.close();
    }
}
