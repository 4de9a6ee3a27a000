package org.coloconsole.engine.qmp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;

/**
 * Creates Netty NIO channels over a JDK socket we opened ourselves and remember, so
 * {@link QmpWriter} can write a command from the caller's thread. Reads and everything else stay
 * on the event loop.
 */
final class DirectWriteChannels {
    static final AttributeKey<SocketChannel> SOCKET = AttributeKey.valueOf("qmp.jdk-socket");

    private DirectWriteChannels() {
    }

    static Channel create(boolean unix) {
        SocketChannel socket;
        try {
            socket = SocketChannel.open(unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
        } catch (IOException e) {
            throw new ChannelException("cannot open a socket", e);
        }
        Channel channel = unix ? new NioDomainSocketChannel(socket) : new NioSocketChannel(socket);
        channel.attr(SOCKET).set(socket);
        return channel;
    }

    /** The JDK socket under a channel made here, or null for any other channel. */
    static SocketChannel socketOf(Channel channel) {
        return channel.attr(SOCKET).get();
    }
}
