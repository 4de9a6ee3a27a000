package org.coloconsole.engine.remote.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Uses the operator's ssh-agent (its UNIX socket, {@code SSH_AUTH_SOCK}) for public-key auth, so
 * keys can stay in the agent and no passphrase or key ever touches the console. MINA SSHD's own
 * agent client needs a native library; the protocol is small enough to speak over the JDK's
 * UNIX sockets. Agent forwarding is not offered.
 */
final class UnixAgentFactory implements SshAgentFactory {
    private static final int MAX_REPLY = 256 * 1024;
    private final Path socket;

    UnixAgentFactory(Path socket) {
        this.socket = socket;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
        return new Proxy(socket);
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) {
        throw new UnsupportedOperationException("agent forwarding is not offered");
    }

    private static final class Proxy extends AbstractAgentProxy {
        private final SocketChannel channel;
        private final InputStream in;

        Proxy(Path socket) throws IOException {
            super(null);
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw new IOException("cannot reach ssh-agent at " + socket + ": " + e.getMessage(), e);
            }
            in = Channels.newInputStream(channel);
        }

        @Override
        protected synchronized Buffer request(Buffer buffer) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            byte[] len = in.readNBytes(4);
            if (len.length < 4) {
                throw new IOException("ssh-agent closed the connection");
            }
            int n = ((len[0] & 0xff) << 24) | ((len[1] & 0xff) << 16) | ((len[2] & 0xff) << 8) | (len[3] & 0xff);
            if (n < 0 || n > MAX_REPLY) {
                throw new IOException("ssh-agent sent a reply of " + n + " bytes");
            }
            byte[] payload = in.readNBytes(n);
            if (payload.length < n) {
                throw new IOException("ssh-agent closed the connection mid-reply");
            }
            return new ByteArrayBuffer(payload);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            super.close();
            channel.close();
        }
    }
}
