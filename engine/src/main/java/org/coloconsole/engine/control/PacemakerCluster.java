package org.coloconsole.engine.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.model.ClusterStatus;
import org.coloconsole.engine.pacemaker.ClusterPlan;
import org.coloconsole.engine.pacemaker.CrmMon;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.Host;

/**
 * A pair under Pacemaker, driven from the console's machine over SSH to the pair's hosts: set up
 * ({@link #init}), looked at ({@link #status}), and acted on only through Pacemaker (switchover as a
 * move of the promoted role, clearing it, maintenance mode). Nothing here touches QEMU: Pacemaker
 * runs the agent, which runs the engine's runbooks on the hosts.
 */
public final class PacemakerCluster {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PacemakerCluster.class);
    private static final Duration ONLINE = Duration.ofSeconds(90);
    private static final Duration PROMOTED = Duration.ofSeconds(180);

    /** How the cluster stack gets started on a host whose corosync.conf is written. */
    @FunctionalInterface
    public interface StackStarter {
        void start(Slot slot, Consumer<String> progress);
    }

    private final java.util.function.Function<org.coloconsole.engine.cluster.HostAccess, Host> hosts;
    private final PairSpec pair;
    private final String cloneId;

    public PacemakerCluster(Session session, PairSpec pair) {
        this(session::host, pair);
    }

    /** Through {@code hosts} (each opened per use and closed after). */
    PacemakerCluster(java.util.function.Function<org.coloconsole.engine.cluster.HostAccess, Host> hosts, PairSpec pair) {
        if (pair.pacemaker() == null) {
            throw new IllegalArgumentException("pair " + pair.name() + " has no 'pacemaker' keys");
        }
        this.hosts = hosts;
        this.pair = pair;
        this.cloneId = "colo-" + pair.name() + "-clone";
    }

    /**
     * {@code coloctl cluster init}: the profile copied to both hosts ({@code profileOnHosts}, mode
     * 0600: it may hold fence secrets), corosync.conf written on both, the stack started
     * ({@code starter}, or systemd's units when null), both nodes online with quorum, then the CIB
     * loaded with cibadmin, and Pacemaker's view once the pair is promoted somewhere.
     *
     * @throws IllegalArgumentException naming why the pair cannot be put under Pacemaker
     * @throws IllegalStateException    naming the host and step that failed
     */
    public ClusterStatus init(Path profileFile, Path profileOnHosts, Path coloctlOnHosts, StackStarter starter,
                              Consumer<String> progress) {
        ClusterPlan plan = ClusterPlan.of(pair, profileOnHosts, coloctlOnHosts);
        byte[] profile;
        try {
            profile = Files.readAllBytes(profileFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profile " + profileFile, e);
        }
        for (Slot s : Slot.values()) {
            try (Host h = hosts.apply(s.of(pair).host())) {
                String where = s.label() + " (" + h.name() + ")";
                if (!h.exists(profileOnHosts.toString()) || !java.util.Arrays.equals(h.read(profileOnHosts.toString(),
                        profile.length + 1), profile)) {
                    h.mkdirs(profileOnHosts.getParent().toString());
                    writeFile(h, profileOnHosts.toString(), profile, "600", where);
                    progress.accept("profile copied to " + where + ":" + profileOnHosts);
                }
                writeFile(h, "/etc/corosync/corosync.conf", plan.corosyncConf().getBytes(StandardCharsets.UTF_8), "644", where);
                progress.accept("corosync.conf written on " + where);
            }
        }
        for (Slot s : Slot.values()) {
            if (starter != null) {
                starter.start(s, progress);
            } else {
                try (Host h = hosts.apply(s.of(pair).host())) {
                    check(h, List.of("systemctl", "enable", "--now", "corosync", "corosync-qdevice", "pacemaker"),
                            "starting the cluster stack on the " + s.label());
                }
                progress.accept("corosync, corosync-qdevice and pacemaker enabled and started on the " + s.label());
            }
        }
        awaitStatus(st -> st.quorate() && st.nodes().size() == 2 && st.nodes().stream().allMatch(ClusterStatus.Node::online),
                ONLINE, "both nodes online with quorum", progress);
        try (Host h = hosts.apply(Slot.PRIMARY_NODE.of(pair).host())) {
            CommandResult r = h.run(Command.of("cibadmin", "--replace", "--scope", "configuration", "--xml-pipe")
                    .withStdin(plan.cib(true).getBytes(StandardCharsets.UTF_8)).withTimeout(Duration.ofSeconds(60)));
            if (!r.ok()) {
                throw new IllegalStateException("cibadmin on the primary (" + h.name() + ") refused the configuration: "
                        + r.stderr().strip());
            }
        }
        progress.accept("CIB loaded: fencing per node, " + plan.cloneId() + " (ocf:" + ClusterPlan.PROVIDER + ":"
                + ClusterPlan.AGENT + ")");
        return awaitStatus(st -> st.promoted() != null, PROMOTED, "the pair promoted on a node", progress);
    }

    /**
     * Pacemaker's view, from the first of the pair's hosts that answers. Both are asked at once: a
     * powered-off host sends no reset, and asking it first would hold every answer for a login timeout.
     */
    public ClusterStatus status() {
        List<java.util.concurrent.CompletableFuture<ClusterStatus>> asks = new ArrayList<>();
        for (Slot s : Slot.values()) {
            asks.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> statusFrom(s), ASKERS));
        }
        java.util.concurrent.CompletableFuture<ClusterStatus> first = new java.util.concurrent.CompletableFuture<>();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<ClusterStatus> withoutQuorum = new java.util.concurrent.atomic.AtomicReference<>();
        for (var a : asks) {
            a.whenComplete((st, e) -> {
                if (e == null && st.quorate()) {
                    first.complete(st);
                } else if (e == null) {
                    withoutQuorum.set(st); // a side cut off: its view only if no quorate one answers
                } else {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    errors.add(cause.getMessage());
                }
                if (done.incrementAndGet() == asks.size()) {
                    if (withoutQuorum.get() != null) {
                        first.complete(withoutQuorum.get());
                    } else {
                        first.completeExceptionally(new IllegalStateException("no host of pair " + pair.name()
                                + " answers for Pacemaker: " + String.join("; ", errors)));
                    }
                }
            });
        }
        try {
            return first.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Threads asking hosts for crm_mon; idle ones end, so a console that stops watching keeps none. */
    private static final java.util.concurrent.ExecutorService ASKERS = new java.util.concurrent.ThreadPoolExecutor(0, 8, 30,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "crm_mon");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());

    /** crm_mon on one of the pair's hosts. @throws IllegalStateException saying why it did not answer */
    private ClusterStatus statusFrom(Slot s) {
        try (Host h = hosts.apply(s.of(pair).host())) {
            CommandResult r = h.run(Command.of(CrmMon.ARGV).withTimeout(Duration.ofSeconds(20)));
            if (r.ok()) {
                return CrmMon.parse(r.stdout(), cloneId, pair.pacemaker().node(s));
            }
            // crm_mon says why in its XML (e.g. "Not connected" when Pacemaker does not run there).
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<status code=\"\\d+\" message=\"([^\"]*)\"")
                    .matcher(r.stdout());
            throw new IllegalStateException(s.label() + ": " + (m.find() ? "crm_mon: " + m.group(1) : r.stderr().isBlank()
                    ? "exit " + r.exitCode() : r.stderr().strip()));
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.debug("crm_mon on the {} failed", s.label(), e);
            throw new IllegalStateException(s.label() + ": " + e.getMessage(), e);
        }
    }

    /** Switchover through Pacemaker: the promoted role moves to {@code to} (a constraint; clear it after). */
    public void moveTo(Slot to) {
        crm(List.of("crm_resource", "--move", "--promoted", "--resource", cloneId, "--node", pair.pacemaker().node(to)),
                "moving the promoted role to the " + to.label());
    }

    /** Removes the constraints a move or a ban left, so Pacemaker places the pair freely again. */
    public void clear() {
        crm(List.of("crm_resource", "--clear", "--resource", cloneId), "clearing the pair's move and ban constraints");
    }

    /** Maintenance mode: Pacemaker stops managing (and monitoring) every resource until it is off again. */
    public void maintenance(boolean on) {
        crm(List.of("crm_attribute", "--type", "crm_config", "--name", "maintenance-mode", "--update", Boolean.toString(on)),
                "maintenance mode " + (on ? "on" : "off"));
    }

    /** Waits (bounded) until Pacemaker's view satisfies {@code done}; the last view on the way out. */
    public ClusterStatus awaitStatus(Predicate<ClusterStatus> done, Duration limit, String what, Consumer<String> progress) {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                ClusterStatus st = status();
                if (done.test(st)) {
                    progress.accept("Pacemaker: " + what);
                    return st;
                }
                last = st.text();
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Pacemaker: no " + what + " after " + limit.toSeconds() + " s; last view:\n" + last);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
        }
    }

    private void crm(List<String> argv, String what) {
        List<String> errors = new ArrayList<>();
        for (Slot s : Slot.values()) {
            try (Host h = hosts.apply(s.of(pair).host())) {
                CommandResult r = h.run(Command.of(argv).withTimeout(Duration.ofSeconds(30)));
                if (r.ok()) {
                    return;
                }
                errors.add(s.label() + ": " + r.stderr().strip());
            } catch (RuntimeException e) {
                errors.add(s.label() + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException(what + " failed: " + String.join("; ", errors));
    }

    private static void check(Host h, List<String> argv, String what) {
        CommandResult r = h.run(Command.of(argv).withTimeout(Duration.ofSeconds(60)));
        if (!r.ok()) {
            throw new IllegalStateException(what + " (" + h.name() + "): " + String.join(" ", argv) + " failed: " + r.stderr().strip());
        }
    }

    /** A file on a host, written whole: a temporary beside it, its mode, then renamed over it. */
    private static void writeFile(Host h, String path, byte[] content, String mode, String where) {
        String tmp = path + ".colo-new";
        h.write(tmp, content);
        check(h, List.of("chmod", mode, tmp), "writing " + path + " on " + where);
        check(h, List.of("mv", "-f", tmp, path), "writing " + path + " on " + where);
    }
}
