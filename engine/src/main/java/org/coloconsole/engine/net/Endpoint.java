package org.coloconsole.engine.net;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a byte-stream service listens: a QMP monitor, or the local end of a tunnel to one. It
 * sits below both {@code qmp} and {@code remote}, which must not import each other. The client only needs a byte stream, so every way of reaching a
 * monitor (a local UNIX socket, a loopback TCP port, or the local end of an SSH tunnel, which is
 * itself one of these two) reduces to one of these endpoints.
 */
public sealed interface Endpoint {

    /** The socket address Netty connects to. */
    SocketAddress socketAddress();

    /** True for UNIX-domain sockets, which take no TCP options. */
    boolean isUnix();

    static Endpoint unix(Path path) {
        return new UnixSocket(path);
    }

    static Endpoint tcp(String host, int port) {
        return new Tcp(host, port);
    }

    /** A QMP monitor on a UNIX-domain socket ({@code -qmp unix:PATH,server=on,wait=off}). */
    record UnixSocket(Path path) implements Endpoint {
        public UnixSocket {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public boolean isUnix() {
            return true;
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** A QMP monitor on a TCP port ({@code -qmp tcp:127.0.0.1:PORT,server=on,wait=off}). */
    record Tcp(String host, int port) implements Endpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public boolean isUnix() {
            return false;
        }

        @Override
        public String toString() {
            return "tcp:" + host + ":" + port;
        }
    }
}
