package org.coloconsole.engine.remote;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A host known to be off (the cluster fenced it): it is not asked anything, every call fails at
 * once as a host that does not answer would. A powered-off server sends no TCP reset, so asking it
 * costs a whole login timeout, which a failover's client gap would pay.
 */
public final class FencedHost implements Host {
    private final String name;
    private final String why;

    /** @param why how it is known to be off, for the error (e.g. "fenced: offline and clean to Pacemaker") */
    public FencedHost(String name, String why) {
        this.name = name;
        this.why = why;
    }

    @Override
    public String name() {
        return name;
    }

    private HostConnectionException off() {
        return new HostConnectionException(name, "not asked: " + why, null);
    }

    @Override
    public RunningCommand start(Command command) {
        throw off();
    }

    @Override
    public long startDetached(List<String> argv, String logFile) {
        throw off();
    }

    @Override
    public boolean isAlive(long pid) {
        throw off();
    }

    @Override
    public boolean stop(long pid, Duration grace) {
        throw off();
    }

    @Override
    public boolean exists(String path) {
        throw off();
    }

    @Override
    public Optional<Long> size(String path) {
        throw off();
    }

    @Override
    public void mkdirs(String path) {
        throw off();
    }

    @Override
    public byte[] read(String path, int maxBytes) {
        throw off();
    }

    @Override
    public void write(String path, byte[] content) {
        throw off();
    }

    @Override
    public void remove(String path) {
        throw off();
    }

    @Override
    public Tunnel tunnelToUnixSocket(String remotePath) {
        throw off();
    }

    @Override
    public Tunnel tunnelToPort(String address, int port) {
        throw off();
    }

    @Override
    public void close() {
        // nothing was opened
    }
}
