package org.coloconsole.engine.remote;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A host whose connection outlives its users: {@link #close} leaves it open for the next one, and
 * its owner closes the host itself. The resident agent keeps its SSH session to the peer this way,
 * so a failover's checks of the peer cost no login.
 */
public final class KeptHost implements Host {
    private final Host host;

    public KeptHost(Host host) {
        this.host = host;
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public RunningCommand start(Command command) {
        return host.start(command);
    }

    @Override
    public long startDetached(List<String> argv, String logFile) {
        return host.startDetached(argv, logFile);
    }

    @Override
    public boolean isAlive(long pid) {
        return host.isAlive(pid);
    }

    @Override
    public boolean stop(long pid, Duration grace) {
        return host.stop(pid, grace);
    }

    @Override
    public boolean exists(String path) {
        return host.exists(path);
    }

    @Override
    public Optional<Long> size(String path) {
        return host.size(path);
    }

    @Override
    public void mkdirs(String path) {
        host.mkdirs(path);
    }

    @Override
    public byte[] read(String path, int maxBytes) {
        return host.read(path, maxBytes);
    }

    @Override
    public void write(String path, byte[] content) {
        host.write(path, content);
    }

    @Override
    public void remove(String path) {
        host.remove(path);
    }

    @Override
    public Tunnel tunnelToUnixSocket(String remotePath) {
        return host.tunnelToUnixSocket(remotePath);
    }

    @Override
    public Tunnel tunnelToPort(String address, int port) {
        return host.tunnelToPort(address, port);
    }

    /** Leaves the connection open for the next user. */
    @Override
    public void close() {
        // the owner closes the host it kept
    }
}
