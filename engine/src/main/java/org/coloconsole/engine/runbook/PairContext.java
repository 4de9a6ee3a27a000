package org.coloconsole.engine.runbook;

import org.coloconsole.engine.cluster.Slot;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.qmp.QmpClient;
import org.coloconsole.engine.qmp.QmpEvent;
import org.coloconsole.engine.qmp.QmpOptions;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.qemu.QmpLink;

/**
 * What a runbook acts through: the two nodes' hosts, their QMP control connections (opened
 * through the host on first use and again after QEMU restarts), the events each has sent since
 * connecting, and the journal.
 */
public final class PairContext implements AutoCloseable {
    private final PairSpec pair;
    private final Map<Slot, Host> hosts = new EnumMap<>(Slot.class);
    private final Map<Slot, QmpLink> links = new EnumMap<>(Slot.class);
    /** The newest events per node (bounded: a pair sends two a second for as long as it runs) and counts by name. */
    private static final int EVENTS_KEPT = 1_000;
    private final Map<Slot, java.util.ArrayDeque<QmpEvent>> events = new EnumMap<>(Slot.class);
    private final Map<Slot, Map<String, java.util.concurrent.atomic.AtomicLong>> counts = new EnumMap<>(Slot.class);
    private final Journal journal;
    private final Map<Slot, Long> pids = new EnumMap<>(Slot.class);

    public PairContext(PairSpec pair, Function<NodeSpec, Host> hostFor, Journal journal) {
        this.pair = pair;
        this.journal = journal;
        for (Slot s : Slot.values()) {
            hosts.put(s, hostFor.apply(s.of(pair)));
            java.util.ArrayDeque<QmpEvent> sink = new java.util.ArrayDeque<>();
            Map<String, java.util.concurrent.atomic.AtomicLong> byName = new java.util.concurrent.ConcurrentHashMap<>();
            events.put(s, sink);
            counts.put(s, byName);
            links.put(s, new QmpLink(hosts.get(s), s.of(pair).qmpSocket(),
                    QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(30)),
                    c -> c.onEvent(java.util.Set.of(), e -> {
                        byName.computeIfAbsent(e.name(), k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
                        synchronized (sink) {
                            sink.addLast(e);
                            if (sink.size() > EVENTS_KEPT) {
                                sink.removeFirst();
                            }
                        }
                    })));
        }
    }

    public PairSpec pair() {
        return pair;
    }

    public NodeSpec node(Slot slot) {
        return slot.of(pair);
    }

    public Host host(Slot slot) {
        return hosts.get(slot);
    }

    public Journal journal() {
        return journal;
    }

    /** The node's QMP control connection, opened (through its host) if not open. */
    public QmpClient qmp(Slot slot) {
        return links.get(slot).client();
    }

    private volatile java.util.function.ObjDoubleConsumer<String> progress = (text, fraction) -> { };

    /** Where long actions (the resync) report progress; the executor points it at the running step. */
    public void progressTo(java.util.function.ObjDoubleConsumer<String> sink) {
        progress = sink;
    }

    public void progress(String text) {
        progress.accept(text, -1);
    }

    /** Progress with the share done (0..1), for a progress bar. */
    public void progress(String text, double fraction) {
        progress.accept(text, fraction);
    }

    /** Remembers the pid of the QEMU a step started on the node. */
    public synchronized void started(Slot slot, long pid) {
        pids.put(slot, pid);
    }

    /** The node's QEMU was stopped: forget its pid. */
    public synchronized void stopped(Slot slot) {
        pids.remove(slot);
    }

    /** The pid of the node's QEMU: the one started here, else the node's pid file. */
    public synchronized java.util.OptionalLong pid(Slot slot) {
        Long p = pids.get(slot);
        if (p != null) {
            return java.util.OptionalLong.of(p);
        }
        String file = node(slot).pidFile();
        if (!host(slot).exists(file)) {
            return java.util.OptionalLong.empty();
        }
        String text = new String(host(slot).read(file, 64), java.nio.charset.StandardCharsets.US_ASCII).strip();
        return text.matches("\\d+") ? java.util.OptionalLong.of(Long.parseLong(text)) : java.util.OptionalLong.empty();
    }

    /** The newest events received from the node (at most 1,000), oldest first. */
    public List<QmpEvent> events(Slot slot) {
        java.util.ArrayDeque<QmpEvent> sink = events.get(slot);
        synchronized (sink) {
            return List.copyOf(sink);
        }
    }

    /** How many events of this name the node has sent since this context first connected (every one counted). */
    public long eventCount(Slot slot, String name) {
        java.util.concurrent.atomic.AtomicLong n = counts.get(slot).get(name);
        return n == null ? 0 : n.get();
    }

    /** Drops the node's QMP connection (QEMU is being stopped or was restarted). */
    public void disconnect(Slot slot) {
        links.get(slot).close();
    }

    /** Drops both nodes' QMP connections; the next command connects again. */
    public void disconnectAll() {
        for (Slot s : Slot.values()) {
            disconnect(s);
        }
    }

    @Override
    public synchronized void close() {
        for (Slot s : Slot.values()) {
            disconnect(s);
            host(s).close();
        }
    }
}
