package org.coloconsole.engine.qemu;

import java.util.function.Consumer;
import org.coloconsole.engine.qmp.QmpClient;
import org.coloconsole.engine.qmp.QmpConnectionState;
import org.coloconsole.engine.qmp.QmpOptions;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.Tunnel;

/**
 * A QMP connection to a monitor socket on a host, reached through the host (a tunnel over SSH,
 * the socket itself locally), opened on first use and again after it dropped (QEMU restarted).
 * The runbooks' control connection and the pair monitor's connection are both one of these.
 */
public final class QmpLink implements AutoCloseable {
    private final Host host;
    private final String socket;
    private final QmpOptions options;
    private final Consumer<QmpClient> onOpen;
    private Tunnel tunnel;
    private QmpClient client;

    /** @param onOpen called with each newly opened client (e.g. to subscribe to events) */
    public QmpLink(Host host, String socket, QmpOptions options, Consumer<QmpClient> onOpen) {
        this.host = host;
        this.socket = socket;
        this.options = options;
        this.onOpen = onOpen;
    }

    /** The open client, opening it if needed; throws the connect failure. */
    public synchronized QmpClient client() {
        if (client != null && client.state() == QmpConnectionState.READY) {
            return client;
        }
        close();
        Tunnel t = host.tunnelToUnixSocket(socket);
        QmpClient c;
        try {
            c = QmpClient.open(t.endpoint(), options);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        onOpen.accept(c);
        tunnel = t;
        client = c;
        return c;
    }

    /** Drops the connection; the next {@link #client()} opens a new one. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (tunnel != null) {
            tunnel.close();
            tunnel = null;
        }
    }
}
