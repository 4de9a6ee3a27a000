package org.coloconsole.engine.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OCF agent's only runtime state on a host, in the host's {@code /run} (so a reboot or a power
 * cut forgets it, as Pacemaker expects of a resource that is not running): "started, waiting for a
 * promoted peer to resync from". Pacemaker starts an instance before it promotes the other one
 * (after a failover, or when the primary is demoted in a switchover); such an instance has no QEMU
 * yet, takes no promotion score, and resyncs from the peer as soon as the peer is promoted.
 *
 * <p>Beside it, for the shell agent's quick answers: where this node's QEMU writes its pid
 * ({@code PAIR.pidfile}), and the last monitor's healthy answer with its time ({@code PAIR.monitor}).
 */
final class AgentRunState {
    /** Overridable for tests that run the agent outside a lab host ({@code COLO_AGENT_RUN_DIR}). */
    private static final String DIR = System.getenv().getOrDefault("COLO_AGENT_RUN_DIR", "/run/colo-console");

    private final Path waiting;
    private final Path pidFile;
    private final Path monitor;

    /** This host's run directory for the agent (its state files and the resident agent's socket). */
    static java.nio.file.Path runDir() {
        return Path.of(DIR);
    }

    AgentRunState(String pair) {
        this.waiting = Path.of(DIR, pair + ".waiting");
        this.pidFile = Path.of(DIR, pair + ".pidfile");
        this.monitor = Path.of(DIR, pair + ".monitor");
    }

    /** What monitor found: the pid file's path always, the answer only when healthy (0 or 8). */
    void recordMonitor(String qemuPidFile, int code, String reason) {
        try {
            Files.createDirectories(waiting.getParent());
            if (!Files.exists(pidFile) || !Files.readString(pidFile).equals(qemuPidFile)) {
                Files.writeString(pidFile, qemuPidFile);
            }
            if (code == 0 || code == 8) {
                Path tmp = monitor.resolveSibling(monitor.getFileName() + ".tmp");
                Files.writeString(tmp, (System.currentTimeMillis() / 1000) + " " + code + " " + reason.replace('\n', ' ') + "\n");
                Files.move(tmp, monitor, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(monitor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the agent's state beside " + monitor, e);
        }
    }

    /** The last monitor's answer no longer stands (an action changes this node). */
    void forgetMonitor() {
        try {
            Files.deleteIfExists(monitor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the agent's state " + monitor, e);
        }
    }

    boolean waiting() {
        return Files.exists(waiting);
    }

    void markWaiting(String why) {
        try {
            Files.createDirectories(waiting.getParent());
            Files.writeString(waiting, why + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the agent's state " + waiting, e);
        }
    }

    void clear() {
        try {
            Files.deleteIfExists(waiting);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the agent's state " + waiting, e);
        }
    }
}
