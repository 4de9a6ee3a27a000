package org.coloconsole.engine.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.coloconsole.engine.model.ClusterStatus;

/**
 * Pacemaker's view of a pair, polled beside QEMU's (every {@code interval}, on its own thread):
 * each change is told as words (a node lost or back, quorum, the promoted node, a failed action,
 * a fencing), which the console puts on its log and timeline.
 */
final class PacemakerWatch implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PacemakerWatch.class);
    private final PacemakerCluster cluster;
    private final Duration interval;
    private final List<Consumer<ClusterStatus>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> changes = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> errors = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService poller;
    private volatile ClusterStatus last;
    private volatile String error;

    PacemakerWatch(PacemakerCluster cluster, Duration interval) {
        this.cluster = cluster;
        this.interval = interval;
    }

    void onStatus(Consumer<ClusterStatus> l) {
        listeners.add(l);
    }

    /** Called with the reason each time Pacemaker cannot be asked (no host answers, crm_mon not connected). */
    void onError(Consumer<String> l) {
        errors.add(l);
    }

    void onChange(Consumer<String> l) {
        changes.add(l);
    }

    ClusterStatus last() {
        return last;
    }

    synchronized PacemakerWatch start() {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pacemaker-watch");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    void poll() {
        ClusterStatus now;
        try {
            now = cluster.status();
        } catch (RuntimeException e) {
            if (!Objects.equals(error, e.getMessage())) {
                error = e.getMessage();
                changes.forEach(c -> c.accept("Pacemaker does not answer: " + e.getMessage()));
            }
            errors.forEach(l -> l.accept(e.getMessage()));
            LOG.debug("pacemaker status", e);
            return;
        }
        error = null;
        for (String change : differences(last, now)) {
            changes.forEach(c -> c.accept(change));
        }
        last = now;
        listeners.forEach(l -> l.accept(now));
    }

    /** What changed from {@code was} to {@code now}, in words; everything worth saying when {@code was} is null. */
    static List<String> differences(ClusterStatus was, ClusterStatus now) {
        List<String> out = new ArrayList<>();
        if (was == null || was.quorate() != now.quorate()) {
            out.add("Pacemaker: " + (now.quorate() ? "quorate" : "NO QUORUM") + " (asked " + now.answeredBy() + ")");
        }
        if (was == null || was.maintenance() != now.maintenance()) {
            if (now.maintenance() || was != null) {
                out.add("Pacemaker: maintenance mode " + (now.maintenance() ? "ON (the pair is not managed)" : "off"));
            }
        }
        for (ClusterStatus.Node n : now.nodes()) {
            ClusterStatus.Node before = was == null ? null : was.nodes().stream().filter(b -> b.name().equals(n.name()))
                    .findFirst().orElse(null);
            if (before == null || !before.state().equals(n.state())) {
                out.add("Pacemaker: node " + n.name() + " " + n.state());
            }
        }
        if (was == null || !Objects.equals(was.promoted(), now.promoted())) {
            out.add("Pacemaker: promoted " + (now.promoted() == null ? "nowhere" : "on " + now.promoted()));
        }
        if (was == null || !was.unpromoted().equals(now.unpromoted())) {
            if (!now.unpromoted().isEmpty() || was != null) {
                out.add("Pacemaker: unpromoted on " + (now.unpromoted().isEmpty() ? "no node" : String.join(", ", now.unpromoted())));
            }
        }
        for (String f : now.failed()) {
            if (was == null || !was.failed().contains(f)) {
                out.add("Pacemaker: failed action " + f);
            }
        }
        for (String f : now.fencing()) {
            if (was == null || !was.fencing().contains(f)) {
                out.add("Pacemaker: fencing " + f);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
