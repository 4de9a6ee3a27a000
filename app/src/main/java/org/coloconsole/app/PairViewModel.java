package org.coloconsole.app;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.monitor.NodeObservation;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.monitor.PairState;
import org.coloconsole.engine.runbook.Hosts;
import org.coloconsole.engine.runbook.Slot;

/**
 * The selected pair for the view: fed by the engine's PairMonitor on its own thread, handed to
 * the FX thread coalesced (a checkpoint every 50 ms must not flood the UI: only the newest state
 * is shown, at most one update queued at a time).
 */
public final class PairViewModel implements AutoCloseable {
    final StringProperty health = new SimpleStringProperty("Unknown");
    final StringProperty healthStyle = new SimpleStringProperty("health-unknown");
    final StringProperty reason = new SimpleStringProperty("connecting…");
    final StringProperty checkpoints = new SimpleStringProperty("");
    final NodeCardModel primary = new NodeCardModel();
    final NodeCardModel secondary = new NodeCardModel();

    private final PairSpec pair;
    private final PairMonitor monitor;
    private final AtomicReference<PairState> latest = new AtomicReference<>();
    private final AtomicBoolean queued = new AtomicBoolean();

    public PairViewModel(PairSpec pair, org.coloconsole.engine.remote.ssh.SshConnector ssh) {
        this.pair = pair;
        primary.title.set("PVM · " + pair.name());
        secondary.title.set("SVM · " + pair.name());
        primary.host.set(pair.primary().host() + " · " + pair.primary().replicationAddress());
        secondary.host.set(pair.secondary().host() + " · " + pair.secondary().replicationAddress());
        monitor = new PairMonitor(pair, n -> Hosts.open(n.host(), ssh), Duration.ofSeconds(1), 100_000);
        monitor.addListener(this::fromEngine);
        monitor.start();
    }

    private void fromEngine(PairState s) {
        latest.set(s);
        if (queued.compareAndSet(false, true)) {
            Platform.runLater(() -> {
                queued.set(false);
                show(latest.get());
            });
        }
    }

    private void show(PairState s) {
        health.set(s.health().label());
        healthStyle.set("health-" + s.health().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        long age = s.age(Instant.now()).toSeconds();
        reason.set((s.reason().isEmpty() ? "all checks pass" : s.reason()) + " · data " + (age > 3600 ? "none yet" : age + " s old"));
        checkpoints.set(monitor.timeline().count() + " checkpoints seen");
        card(primary, monitor.observation(Slot.PRIMARY_NODE));
        card(secondary, monitor.observation(Slot.SECONDARY_NODE));
    }

    private static void card(NodeCardModel c, NodeObservation o) {
        if (!o.reachable()) {
            c.runstate.set("not reachable");
            c.colo.set("—");
            c.links.set("—");
            c.role.set("—");
            c.health.set("down");
            return;
        }
        c.runstate.set(o.runstate());
        c.role.set(o.coloMode().equals("none") ? "alone (was " + o.lastMode() + ")" : o.coloMode());
        c.colo.set(o.coloMode() + (o.reason() == null || o.reason().equals("none") ? "" : " · " + o.reason()));
        c.links.set(o.proxyLinksDown().isEmpty() ? "proxy links up" : "DOWN: " + String.join(", ", o.proxyLinksDown()));
        c.health.set(o.proxyLinksDown().isEmpty() ? "ok" : "warn");
    }

    public PairSpec pair() {
        return pair;
    }

    @Override
    public void close() {
        monitor.close();
    }
}
