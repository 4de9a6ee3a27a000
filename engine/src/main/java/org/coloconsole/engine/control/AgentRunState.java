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
 */
final class AgentRunState {
    /** Overridable for tests that run the agent outside a lab host ({@code COLO_AGENT_RUN_DIR}). */
    private static final String DIR = System.getenv().getOrDefault("COLO_AGENT_RUN_DIR", "/run/colo-console");

    private final Path waiting;

    AgentRunState(String pair) {
        this.waiting = Path.of(DIR, pair + ".waiting");
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
