package org.coloconsole.engine.monitor;

import org.coloconsole.engine.model.ColoMode;

import org.coloconsole.engine.model.CheckpointRecord;

import org.coloconsole.engine.model.NodeObservation;

import org.coloconsole.engine.model.PairState;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.qmp.QmpClient;
import org.coloconsole.engine.qmp.QmpEvent;
import org.coloconsole.engine.qmp.QmpEventListener;
import org.coloconsole.engine.qmp.QmpException;
import org.coloconsole.engine.qmp.QmpOptions;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.qemu.QmpLink;
import org.coloconsole.engine.cluster.Slot;

/**
 * Watches a pair: a QMP connection to each node's monitor socket (never the runbooks' control
 * socket), events as they come (STOP/RESUME make the checkpoint timeline, COLO_EXIT is latched,
 * MIGRATION_PASS counted), and a light poll of each node at a fixed interval. After every poll and
 * every telling event it reduces all of it to a {@link PairState} and tells its listeners.
 */
public final class PairMonitor implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PairMonitor.class);

    private static final Set<String> PROXY_CHARDEVS = Set.of("mirror0", "compare1", "compare0", "compare0-0",
            "compare_out", "compare_out0", "red0", "red1");

    private final PairSpec pair;
    private final Map<Slot, Host> hosts = new EnumMap<>(Slot.class);
    private final Map<Slot, QmpLink> links = new EnumMap<>(Slot.class);
    /** Written by the poller, the event thread (a dropped connection) and whoever calls poll(). */
    private final Map<Slot, NodeObservation> last = new java.util.concurrent.ConcurrentHashMap<>();
    private final Duration interval;
    private final CheckpointTimeline timeline;
    private final List<Consumer<PairState>> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<Slot, QmpEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<CheckpointRecord>> checkpointListeners = new CopyOnWriteArrayList<>();
    private final List<QmpEvent> passes = new CopyOnWriteArrayList<>();
    private final AtomicLong passCount = new AtomicLong();
    private final ScheduledExecutorService poller;
    private volatile String coloExit;
    /** The last disk alarm (a quorum child failed, a block job error) and when; shown for a minute. */
    private volatile String diskAlarm;
    private volatile Instant diskAlarmAt = Instant.EPOCH;
    private final List<QmpEvent> recent = new CopyOnWriteArrayList<>();
    private volatile boolean failingOver;
    private volatile PairState state;

    private final RoleLatch roles = new RoleLatch();
    /** x-checkpoint-delay as the primary's QEMU reports it (the profile's until it has said). */
    private volatile long liveDelayMs;

    public PairMonitor(PairSpec pair, Function<NodeSpec, Host> hostFor, Duration interval, int historyCapacity) {
        this(pair, hostFor, NodeSpec::monitorSocket, interval, historyCapacity);
    }

    /** A monitor on the QMP sockets {@code socket} names (the agent's own, on a Pacemaker node). */
    public PairMonitor(PairSpec pair, Function<NodeSpec, Host> hostFor, Function<NodeSpec, String> socket, Duration interval,
                       int historyCapacity) {
        this.pair = pair;
        this.interval = interval;
        this.timeline = new CheckpointTimeline(historyCapacity, pair.checkpointDelayMs());
        this.liveDelayMs = pair.checkpointDelayMs();
        for (Slot s : Slot.values()) {
            hosts.put(s, hostFor.apply(s.of(pair)));
            last.put(s, NodeObservation.unreachable("not polled yet", Instant.EPOCH));
            links.put(s, new QmpLink(hosts.get(s), socket.apply(s.of(pair)), QmpOptions.defaults()
                    .withConnectTimeout(Duration.ofSeconds(2)).withGreetingTimeout(Duration.ofSeconds(2)),
                    c -> c.subscribe(Set.of("STOP", "RESUME", "COLO_EXIT", "MIGRATION", "MIGRATION_PASS", "SHUTDOWN",
                            "QUORUM_REPORT_BAD", "BLOCK_JOB_READY", "BLOCK_JOB_COMPLETED", "BLOCK_JOB_ERROR",
                            "BLOCK_EXPORT_DELETED"), eventsFrom(s), 100_000)));
        }
        state = new PairState(PairState.Health.UNKNOWN, "not polled yet", Instant.EPOCH, 0);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pair-monitor " + pair.name());
            t.setDaemon(true);
            return t;
        });
    }

    public PairMonitor start() {
        poller.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public void addListener(Consumer<PairState> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<PairState> l) {
        listeners.remove(l);
    }

    /** Every QMP event either node sends (on the monitor's event thread: return quickly). */
    public void addEventListener(java.util.function.BiConsumer<Slot, QmpEvent> l) {
        eventListeners.add(l);
    }

    /** Each checkpoint as it completes (the primary's RESUME after its STOP). */
    public void addCheckpointListener(Consumer<CheckpointRecord> l) {
        checkpointListeners.add(l);
    }

    public void removeCheckpointListener(Consumer<CheckpointRecord> l) {
        checkpointListeners.remove(l);
    }

    public PairState state() {
        return state;
    }

    private final Map<Slot, Instant> lastResume = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * When this node's VM last resumed, as its own QMP said (null before). In COLO both nodes
     * stop and resume around every checkpoint: a node's own view that checkpoints still flow, which
     * needs nothing from its peer.
     */
    public Instant lastResume(Slot slot) {
        return lastResume.get(slot);
    }

    /** x-checkpoint-delay as the primary's QEMU last reported it (the profile's until it has). */
    public long liveCheckpointDelayMs() {
        return liveDelayMs;
    }

    public CheckpointTimeline timeline() {
        return timeline;
    }

    public NodeObservation observation(Slot slot) {
        return last.get(slot);
    }

    /** MIGRATION_PASS events seen (one per checkpoint once COLO runs), with their timestamps. */
    public List<QmpEvent> migrationPasses() {
        return List.copyOf(passes);
    }

    /** Block-job and export events seen (resync ready/completed, NBD export deleted), oldest first. */
    public List<QmpEvent> blockEvents() {
        return List.copyOf(recent);
    }

    /** Tells the monitor a failover runbook runs (the state says so until it is cleared). */
    public void failingOver(boolean on) {
        failingOver = on;
        publish();
    }

    private volatile String halted;

    /**
     * The automatic failover stopped short (a fence that failed, hung or did not prove itself, a
     * failover that failed): the pair shows HALTED with the reason until the operator acts (a
     * runbook that succeeds, or {@link #clearHalt}). Nothing in the engine acts on the pair meanwhile.
     */
    public void halt(String reason) {
        halted = reason;
        publish();
    }

    public void clearHalt() {
        if (halted != null) {
            halted = null;
            publish();
        }
    }

    public java.util.Optional<String> halted() {
        return java.util.Optional.ofNullable(halted);
    }

    /** The operator changed the checkpoint delay: the checkpoint it forces is theirs. */
    public void checkpointDelayChanged(long ms) {
        liveDelayMs = ms;
        timeline.delayChanged(ms);
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // A poll must never kill the poller; the state goes stale and says so.
            LOG.warn("pair {}: a poll failed", pair.name(), e);
        }
    }

    /**
     * One round: observe both nodes, then publish the reduced state. The poller, the heartbeat
     * and a finished runbook may each ask for one at the same time (not serialised: a heartbeat
     * must not wait behind a poll stuck on a dying node); the newest observation wins.
     */
    public void poll() {
        // Both nodes at once: a node that hangs (a dead host, packets dropped) must not make the
        // other look silent too, which would read as "the console lost both".
        java.util.concurrent.CompletableFuture<NodeObservation> other = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> observe(Slot.SECONDARY_NODE), observers);
        last.put(Slot.PRIMARY_NODE, observe(Slot.PRIMARY_NODE));
        last.put(Slot.SECONDARY_NODE, other.join());
        roles.observe(last.get(Slot.PRIMARY_NODE), last.get(Slot.SECONDARY_NODE));
        publish();
    }

    /** Seeds the role latch from the journal (before the first observation teaches it). */
    public void seedPrimary(Slot primaryNow) {
        roles.seed(primaryNow);
    }

    /** The node that is primary now, latched (see {@link RoleLatch}): the one place that decides it. */
    public Slot primaryNow() {
        return roles.primaryNow();
    }

    /** One node's state now, without touching the other (an agent on that node's own host). Blocking. */
    public NodeObservation observeOne(Slot slot) {
        return observe(slot);
    }

    private NodeObservation observe(Slot slot) {
        Instant now = Instant.now();
        QmpClient q;
        try {
            q = client(slot);
        } catch (RuntimeException e) {
            return NodeObservation.unreachable(e.getMessage(), now);
        }
        try {
            Duration t = Duration.ofSeconds(3);
            JsonNode status = q.call("query-status", null, t);
            JsonNode colo = q.call("query-colo-status", null, t);
            JsonNode migrate = q.call("query-migrate", null, t);
            if (ColoMode.parse(colo.path("mode").asText()) == ColoMode.PRIMARY) {
                // The stall threshold follows the delay QEMU runs with, not the profile's (an operator may change it).
                long d = q.call("query-migrate-parameters", null, t).path("x-checkpoint-delay").asLong(-1);
                if (d > 0) {
                    liveDelayMs = d;
                }
            }
            List<String> down = new ArrayList<>();
            for (JsonNode c : q.call("query-chardev", null, t)) {
                if (PROXY_CHARDEVS.contains(c.path("label").asText()) && c.path("filename").asText().startsWith("disconnected")) {
                    down.add(c.path("label").asText());
                }
            }
            String replError = null;
            try {
                JsonNode r = q.call("query-xen-replication-status", null, t);
                if (r.path("error").asBoolean(false)) {
                    replError = r.path("desc").asText("error");
                }
            } catch (QmpException e) {
                // no replication on this node: nothing to report
                LOG.trace("no replication status on the {}: {}", slot.label(), e.getMessage());
            }
            long offset = -1;
            long len = 0;
            boolean ready = false;
            for (JsonNode j : q.call("query-block-jobs", null, t)) {
                if ("resync".equals(j.path("device").asText())) {
                    offset = j.path("offset").asLong();
                    len = j.path("len").asLong();
                    ready = j.path("ready").asBoolean(false);
                }
            }
            boolean kvm = q.call("query-kvm", null, t).path("enabled").asBoolean(false);
            return new NodeObservation(true, null, status.path("status").asText(), ColoMode.parse(colo.path("mode").asText()),
                    ColoMode.parse(colo.path("last-mode").asText()), colo.path("reason").asText(), migrate.path("status").asText(null),
                    down, replError, offset, len, ready, Instant.now(), q.greeting().version().toString(), kvm ? "kvm" : "tcg");
        } catch (RuntimeException e) {
            return NodeObservation.unreachable(e.getMessage(), now);
        }
    }

    private QmpClient client(Slot slot) {
        return links.get(slot).client();
    }

    private QmpEventListener eventsFrom(Slot slot) {
        return new QmpEventListener() {
            @Override
            public void onEvent(QmpEvent e) {
                for (java.util.function.BiConsumer<Slot, QmpEvent> l : eventListeners) {
                    l.accept(slot, e);
                }
                // Checkpoints are the primary's STOP/RESUME pairs; the latch is the one rule for who that is.
                boolean primaryNow = roles.primaryNow() == slot;
                switch (e.name()) {
                    case "STOP" -> {
                        if (primaryNow) {
                            timeline.stop(e.timestamp());
                        }
                    }
                    case "RESUME" -> {
                        lastResume.put(slot, e.timestamp());
                        CheckpointRecord r = primaryNow ? timeline.resume(e.timestamp()) : null;
                        if (r != null) {
                            for (Consumer<CheckpointRecord> l : checkpointListeners) {
                                l.accept(r);
                            }
                            publish();
                        }
                    }
                    case "MIGRATION_PASS" -> {
                        passes.add(e);
                        if (passes.size() > 1000) {
                            passes.remove(0); // bounded: the count is passCount, these are the newest
                        }
                        passCount.incrementAndGet();
                    }
                    case "COLO_EXIT" -> {
                        coloExit = "mode " + e.data().path("mode").asText() + ", reason " + e.data().path("reason").asText();
                        publish();
                    }
                    case "QUORUM_REPORT_BAD", "BLOCK_JOB_ERROR" -> {
                        diskAlarm = e.name() + " on the " + slot.label() + ": " + e.data();
                        diskAlarmAt = e.timestamp();
                        publish();
                    }
                    case "BLOCK_JOB_READY", "BLOCK_JOB_COMPLETED", "BLOCK_EXPORT_DELETED" -> {
                        recent.add(e);
                        if (recent.size() > 1000) {
                            recent.remove(0); // bounded like everything the monitor keeps
                        }
                    }
                    case "MIGRATION" -> {
                        if ("colo".equals(e.data().path("status").asText())) {
                            coloExit = null; // a new COLO session
                            if (diskAlarm != null && !diskAlarmAt.isAfter(e.timestamp())) {
                                // The alarm was about the last session's replication child (e.g. its
                                // secondary died); a resumed pair replicates to a fresh one.
                                diskAlarm = null;
                            }
                        }
                    }
                    default -> {
                    }
                }
            }

            @Override
            public void onDisconnected(QmpException cause) {
                last.put(slot, NodeObservation.unreachable("QMP connection lost: " + cause.getMessage(), Instant.now()));
                publish();
            }
        };
    }

    private void publish() {
        NodeObservation p = last.get(Slot.PRIMARY_NODE);
        NodeObservation s = last.get(Slot.SECONDARY_NODE);
        // After a resume the roles are swapped: reduce with the nodes in their current roles.
        if (roles.primaryNow() == Slot.SECONDARY_NODE) {
            NodeObservation tmp = p;
            p = s;
            s = tmp;
        }
        Instant now = Instant.now();
        // The last sign of a checkpoint from either node (both stop and resume around each one), so
        // a node the console cannot reach still counts as replicating if its peer says so.
        Instant lastCheckpoint = latest(timeline.lastStart(), latest(lastResume.get(Slot.PRIMARY_NODE),
                lastResume.get(Slot.SECONDARY_NODE)));
        PairState next = PairStateReducer.reduce(p, s, coloExit, lastCheckpoint,
                Duration.ofMillis(liveDelayMs), interval.multipliedBy(3).plusSeconds(5), failingOver, now);
        if (next.health() == PairState.Health.PROTECTED && diskAlarm != null
                && Duration.between(diskAlarmAt, now).compareTo(Duration.ofMinutes(1)) < 0) {
            next = new PairState(PairState.Health.DEGRADED, "disk replication: " + diskAlarm, next.dataAt(), 0);
        }
        String h = halted;
        if (h != null) {
            next = new PairState(PairState.Health.HALTED, h, next.dataAt(), 0);
        }
        state = next;
        for (Consumer<PairState> l : listeners) {
            l.accept(next);
        }
    }


    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /** Observes the secondary slot while the calling thread observes the primary (see {@link #poll}). */
    private final java.util.concurrent.ExecutorService observers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pair monitor observer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void close() {
        observers.shutdownNow();
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Slot s : Slot.values()) {
            links.get(s).close();
            hosts.get(s).close();
        }
    }
}
