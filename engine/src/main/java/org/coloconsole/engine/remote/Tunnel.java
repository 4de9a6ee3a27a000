package org.coloconsole.engine.remote;

import org.coloconsole.engine.net.Endpoint;

/**
 * A local endpoint that reaches a socket on a host: for the local host the socket itself, for an
 * SSH host a private local UNIX socket forwarded over the SSH session. Close it to stop
 * forwarding.
 */
public interface Tunnel extends AutoCloseable {
    Endpoint endpoint();

    @Override
    void close();
}
