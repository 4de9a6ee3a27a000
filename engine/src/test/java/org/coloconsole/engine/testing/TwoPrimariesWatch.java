package org.coloconsole.engine.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.coloconsole.engine.qmp.QmpClient;
import org.coloconsole.engine.net.Endpoint;
import org.coloconsole.engine.qmp.QmpOptions;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.LocalHost;

/**
 * The "never two primaries" oracle of the fault matrix, independent of the engine under test.
 * Every 50 ms it asks each node's QEMU directly (a third QMP socket the test adds to each node,
 * reached through the shared file system) whether its guest runs outside COLO, and reads which
 * switch port the guest's MAC was last seen on. Two guests running outside COLO at the same
 * sample, or the MAC flapping between the hosts' ports within a second, is a violation.
 */
public final class TwoPrimariesWatch implements AutoCloseable {
    private static final Duration PERIOD = Duration.ofMillis(50);
    private final List<Path> sockets;
    private final String switchNamespace;
    private final String mac;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final QmpClient[] clients;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long samples;
    private String lastPort;
    private long lastPortChange;
    private String portBefore;

    /** @param sockets each node's watch QMP socket; {@code switchNamespace} holds bridge sw0 */
    public TwoPrimariesWatch(List<Path> sockets, String switchNamespace, String mac) {
        this.sockets = List.copyOf(sockets);
        this.switchNamespace = switchNamespace;
        this.mac = mac.toLowerCase(java.util.Locale.ROOT);
        this.clients = new QmpClient[sockets.size()];
        this.thread = new Thread(this::loop, "two-primaries watch");
        this.thread.setDaemon(true);
    }

    public TwoPrimariesWatch start() {
        thread.start();
        return this;
    }

    /** Every violation seen, with its time and what each node said. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public long samples() {
        return samples;
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            sample();
            samples++;
            next += PERIOD.toNanos();
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    private void sample() {
        List<String> outside = new ArrayList<>();
        List<String> said = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) {
            String s = state(i);
            said.add(sockets.get(i).getParent().getFileName() + ": " + s);
            if (s.startsWith("running, colo none")) {
                outside.add(sockets.get(i).toString());
            }
        }
        if (outside.size() > 1) {
            violations.add(java.time.Instant.now() + " two guests run outside COLO: " + said);
        }
        String port = macPort();
        long now = System.nanoTime();
        if (port != null && !port.equals(lastPort)) {
            if (lastPort != null && port.equals(portBefore) && now - lastPortChange < 1_000_000_000L) {
                violations.add(java.time.Instant.now() + " the guest's MAC flapped " + portBefore + " -> " + lastPort + " -> "
                        + port + " within a second (two guests on the wire)");
            }
            portBefore = lastPort;
            lastPort = port;
            lastPortChange = now;
        }
    }

    /** "running, colo none" etc., or why it could not be asked. */
    private String state(int i) {
        try {
            if (clients[i] == null || clients[i].state() != org.coloconsole.engine.qmp.QmpConnectionState.READY) {
                if (clients[i] != null) {
                    clients[i].close();
                }
                clients[i] = null;
                if (!java.nio.file.Files.exists(sockets.get(i))) {
                    return "no socket";
                }
                clients[i] = QmpClient.open(Endpoint.unix(sockets.get(i)), QmpOptions.defaults()
                        .withConnectTimeout(Duration.ofMillis(200)).withGreetingTimeout(Duration.ofMillis(300))
                        .withCommandTimeout(Duration.ofMillis(300)));
            }
            boolean running = clients[i].call("query-status", null, Duration.ofMillis(300)).path("running").asBoolean();
            String mode = clients[i].call("query-colo-status", null, Duration.ofMillis(300)).path("mode").asText();
            return (running ? "running" : "paused") + ", colo " + mode;
        } catch (RuntimeException e) {
            if (clients[i] != null) {
                clients[i].close();
                clients[i] = null;
            }
            return "silent (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** The switch port (sw-a, sw-b) the guest's MAC was last learned on, or null. */
    private String macPort() {
        CommandResult r = new LocalHost().run(new Command(List.of("ip", "netns", "exec", switchNamespace, "bridge", "fdb",
                "show", "br", "sw0"), Duration.ofSeconds(2), null, null));
        for (String line : r.stdout().split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length >= 3 && w[0].equalsIgnoreCase(mac) && w[1].equals("dev")) {
                return w[2];
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        for (QmpClient c : clients) {
            if (c != null) {
                c.close();
            }
        }
    }
}
