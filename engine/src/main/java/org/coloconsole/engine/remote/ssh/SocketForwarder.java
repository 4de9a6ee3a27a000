package org.coloconsole.engine.remote.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.sshd.client.channel.ClientChannel;
import org.coloconsole.engine.net.Endpoint;
import org.coloconsole.engine.remote.Tunnel;

/**
 * Forwards a private local UNIX socket to a socket on the SSH host: every local connection gets
 * its own SSH channel. The local socket lives in a fresh directory only this user can enter, so
 * no other local user can reach the remote QEMU monitor through it.
 */
final class SocketForwarder implements Tunnel {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SocketForwarder.class);


    interface ChannelOpener {
        ClientChannel open() throws IOException;
    }

    private final String description;
    private final ChannelOpener opener;
    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Set<java.io.Closeable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    SocketForwarder(String description, ChannelOpener opener) throws IOException {
        this.description = description;
        this.opener = opener;
        this.dir = Files.createTempDirectory("colo-tunnel-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        this.socket = dir.resolve("s");
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(this::acceptLoop, "tunnel-accept " + description);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public Endpoint endpoint() {
        return Endpoint.unix(socket);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel local;
            try {
                local = server.accept();
            } catch (IOException e) {
                LOG.debug("tunnel listener closed: {}", e.toString());
                return;
            }
            ClientChannel remote;
            try {
                remote = opener.open();
            } catch (IOException | RuntimeException e) {
                LOG.warn("tunnel: cannot open the remote end for a new connection", e);
                closeQuietly(local);
                continue;
            }
            java.io.Closeable pair = () -> {
                closeQuietly(local);
                remote.close(true);
            };
            open.add(pair);
            // Not Channels.newInputStream/newOutputStream: those two share one lock, so a pump
            // blocked reading the local socket would stop the other pump writing to it.
            InputStream fromLocal = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return local.read(ByteBuffer.wrap(b, off, len));
                }
            };
            OutputStream toLocal = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        local.write(buf);
                    }
                }
            };
            // Half-close is passed on, as OpenSSH does: a client that shuts its output down (an
            // HTTP/1.0 client, nc) still gets the whole answer; the pair closes when both ends did.
            java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
            OutputStream channelIn = remote.getInvertedIn();
            startPump(fromLocal, channelIn, pair, ended, channelIn::close, "to " + description);
            startPump(remote.getInvertedOut(), toLocal, pair, ended, local::shutdownOutput, "from " + description);
        }
    }

    private interface HalfClose {
        void run() throws IOException;
    }

    private void startPump(InputStream in, OutputStream out, java.io.Closeable pair,
                           java.util.concurrent.atomic.AtomicInteger ended, HalfClose eof, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            boolean clean = false;
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
                eof.run();
                clean = true;
            } catch (IOException e) {
                LOG.debug("tunnel: one side went away: {}", e.toString());
            } finally {
                if (!clean || ended.incrementAndGet() == 2) {
                    open.remove(pair);
                    closeQuietly(pair);
                }
            }
        }, "tunnel " + name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("tunnel close: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (java.io.Closeable c : open) {
            closeQuietly(c);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("tunnel temp dir left behind (harmless): {}", e.toString());
        }
    }
}
