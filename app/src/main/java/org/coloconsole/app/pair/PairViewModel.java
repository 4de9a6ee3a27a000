package org.coloconsole.app.pair;

import org.coloconsole.engine.model.ColoMode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.coloconsole.app.timeline.TimelineSeries;
import org.coloconsole.engine.control.LogEntry;
import org.coloconsole.engine.control.PairActions;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.CheckpointRecord;
import org.coloconsole.engine.model.NodeObservation;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.cluster.Slot;

/**
 * The selected pair for the view, fed by the engine's {@link PairController} on engine threads
 * and handed to the FX thread coalesced: the newest state only (at most one update queued),
 * checkpoints and log entries in batches.
 */
public final class PairViewModel implements AutoCloseable {
    public final StringProperty health = new SimpleStringProperty("Unknown");
    public final StringProperty healthStyle = new SimpleStringProperty("health-unknown");
    public final StringProperty reason = new SimpleStringProperty("connecting…");
    public final StringProperty checkpoints = new SimpleStringProperty("");
    /** ok, warn or down: the drawn link between the two cards. */
    public final StringProperty linkHealth = new SimpleStringProperty("down");
    public final StringProperty linkText = new SimpleStringProperty("");
    public final ObjectProperty<PairActions> actions = new SimpleObjectProperty<>();
    /** Pacemaker's view of a pair it runs, beside QEMU's (empty for other pairs). */
    public final StringProperty pacemaker = new SimpleStringProperty("");
    public final NodeCardModel primary = new NodeCardModel();
    public final NodeCardModel secondary = new NodeCardModel();
    public final TimelineSeries series = new TimelineSeries(5_000_000);
    /** What the pair's service probe saw (null when the pair has no probe). */
    public final org.coloconsole.app.timeline.ProbeSeries probe;

    private final PairController controller;
    private final AtomicReference<PairState> latest = new AtomicReference<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final java.util.concurrent.Executor fx;
    private final FxBatcher<CheckpointRecord> checkpointBatches;
    private final FxBatcher<LogEntry> logBatches;
    /** The newest log entries of this pair (bounded), shown again when the pair is selected again. */
    private final java.util.ArrayDeque<LogEntry> recentLog = new java.util.ArrayDeque<>();
    private static final int RECENT_LOG = 50_000;
    private Consumer<List<LogEntry>> logView;
    private volatile boolean closed;

    /** @param fx the FX side: every change of what is shown is handed to it */
    public PairViewModel(PairController controller, java.util.concurrent.Executor fx) {
        this.controller = controller;
        this.fx = fx;
        this.checkpointBatches = new FxBatcher<>(fx, this::addCheckpoints);
        this.logBatches = new FxBatcher<>(fx, this::addLog);
        var pair = controller.pair();
        primary.title.set("PVM · " + pair.name());
        secondary.title.set("SVM · " + pair.name());
        primary.host.set(Slot.PRIMARY_NODE.label() + " · " + pair.primary().host() + " · " + pair.primary().replicationAddress());
        secondary.host.set(Slot.SECONDARY_NODE.label() + " · " + pair.secondary().host() + " · " + pair.secondary().replicationAddress());
        // Checkpoints already in the engine's history first, then every new one.
        for (CheckpointRecord r : controller.checkpoints()) {
            series.add(r);
        }
        controller.addCheckpointListener(checkpointBatches::add);
        if (pair.probe() != null) {
            probe = new org.coloconsole.app.timeline.ProbeSeries(200_000);
            // Samples (10 a second) and gaps reach the FX thread in batches, like the checkpoints.
            FxBatcher<org.coloconsole.engine.model.ProbeSample> samples = new FxBatcher<>(fx, b -> b.forEach(probe::add));
            FxBatcher<org.coloconsole.engine.model.ProbeGap> gaps = new FxBatcher<>(fx, b -> b.forEach(probe::addGap));
            controller.addProbeListener(samples::add);
            controller.addGapListener(gaps::add);
        } else {
            probe = null;
        }
        controller.addLogListener(logBatches::add);
        controller.addStateListener(this::fromEngine);
        if (controller.pacemakerManaged()) {
            pacemaker.set("Pacemaker runs this pair: asking it…");
            // Every 2 s at most (the watcher's pace): handed over as it comes.
            controller.addClusterListener(text -> fx.execute(() -> pacemaker.set(text)));
        }
    }

    public PairController controller() {
        return controller;
    }

    private void addLog(List<LogEntry> batch) {
        for (LogEntry e : batch) {
            if (recentLog.size() == RECENT_LOG) {
                recentLog.removeFirst();
            }
            recentLog.addLast(e);
        }
        if (logView != null) {
            logView.accept(batch);
        }
    }

    /** FX thread: where new log entries go while this pair is shown (null: nowhere); returns what came before. */
    public List<LogEntry> showLogIn(Consumer<List<LogEntry>> view) {
        logView = view;
        return List.copyOf(recentLog);
    }

    private void addCheckpoints(List<CheckpointRecord> batch) {
        for (CheckpointRecord r : batch) {
            series.add(r);
        }
    }

    private void fromEngine(PairState s) {
        latest.set(s);
        if (queued.compareAndSet(false, true)) {
            fx.execute(() -> {
                queued.set(false);
                if (!closed) {
                    show(latest.get());
                }
            });
        }
    }

    /** Re-reads what the engine knows now (after a runbook, so buttons follow at once). */
    public void refresh() {
        fromEngine(controller.state());
    }

    private void show(PairState s) {
        health.set(symbol(s.health()) + " " + s.health().label());
        healthStyle.set("health-" + s.health().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        long age = s.age(Instant.now()).toSeconds();
        reason.set((s.reason().isEmpty() ? "all checks pass" : s.reason()) + " · data " + (age > 3600 ? "none yet" : age + " s old"));
        checkpoints.set(controller.checkpointCount() + " checkpoints seen");
        NodeObservation p = controller.observation(Slot.PRIMARY_NODE);
        NodeObservation q = controller.observation(Slot.SECONDARY_NODE);
        card(primary, p);
        card(secondary, q);
        actions.set(controller.actions());
        switch (s.health()) {
            case PROTECTED -> {
                linkHealth.set("ok");
                linkText.set("replicating");
            }
            case RESYNCING -> {
                linkHealth.set("warn");
                linkText.set(String.format("resync %.0f%%", s.resyncProgress() * 100));
            }
            case DEGRADED, STALLED, FAILING_OVER -> {
                linkHealth.set("warn");
                linkText.set(s.health().label().toLowerCase(Locale.ROOT));
            }
            default -> {
                linkHealth.set("down");
                linkText.set("no replication");
            }
        }
    }

    /** Never colour alone: a symbol and a word with it. */
    static String symbol(PairState.Health h) {
        return switch (h) {
            case PROTECTED -> "✓";
            case DEGRADED -> "⚠";
            case STALLED -> "⏸";
            case NOT_PROTECTED -> "✗";
            case HALTED -> "⛔";
            case FAILING_OVER -> "⇆";
            case RESYNCING -> "⟳";
            case UNKNOWN -> "?";
        };
    }

    private static void card(NodeCardModel c, NodeObservation o) {
        Duration since = Duration.between(o.at(), Instant.now());
        if (!o.reachable()) {
            c.runstate.set("not reachable");
            c.qemu.set("—");
            c.colo.set("—");
            c.links.set("—");
            c.role.set("—");
            c.replication.set("—");
            c.heartbeat.set("MISSED: " + o.error());
            c.health.set("down");
            return;
        }
        c.qemu.set(o.qemuVersion() + " · " + o.accelerator());
        c.runstate.set(o.runstate());
        c.role.set(o.coloMode() == ColoMode.NONE ? "alone (was " + o.lastMode() + ")" : o.coloMode().toString());
        c.colo.set(o.coloMode() + (o.reason() == null || o.reason().equals("none") ? "" : " · " + o.reason())
                + (o.migration() == null ? "" : " · migration " + o.migration()));
        String down = String.join(", ", o.proxyLinksDown());
        // Running alone, the primary role's proxy servers wait for a secondary: expected, not a fault.
        c.links.set(o.proxyLinksDown().isEmpty() ? "proxy links up"
                : o.coloMode() == ColoMode.NONE ? "waiting for a secondary (" + down + ")" : "DOWN: " + down);
        if (o.replicationError() != null) {
            c.replication.set("ERROR: " + o.replicationError());
        } else if (o.resyncOffset() >= 0) {
            c.replication.set(String.format("resync %d of %d MiB%s", o.resyncOffset() >> 20, o.resyncLength() >> 20,
                    o.resyncReady() ? " (ready)" : ""));
        } else {
            c.replication.set(o.coloMode() == ColoMode.NONE ? "not replicating" : "replicating");
        }
        c.heartbeat.set("answered " + Math.max(0, since.toMillis()) + " ms ago");
        c.health.set(o.proxyLinksDown().isEmpty() && o.replicationError() == null ? "ok" : "warn");
    }

    @Override
    public void close() {
        closed = true;
        controller.close();
    }
}
