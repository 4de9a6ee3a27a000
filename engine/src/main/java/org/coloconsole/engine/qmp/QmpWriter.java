package org.coloconsole.engine.qmp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends commands with the fewest thread hand-offs. A QMP round trip on a local socket takes about
 * 100 µs, and waking the event loop to do the write would add a large share of that. So the
 * caller's thread writes straight into the (non-blocking) socket; only when the socket cannot
 * take everything does the rest go through Netty's outbound buffer, and until Netty has written
 * it, later commands queue behind it there, which keeps them in order.
 */
final class QmpWriter {
    private final Channel channel;
    private final SocketChannel socket;
    private final Object lock = new Object();
    /** Writes handed to Netty and not yet written; while non-zero, direct writes would overtake. */
    private final AtomicInteger deferred = new AtomicInteger();
    /** Event-loop confined: a flush task is already queued behind the pending writes. */
    private boolean flushQueued;

    QmpWriter(Channel channel) {
        this.channel = channel;
        this.socket = DirectWriteChannels.socketOf(channel);
    }

    /**
     * Writes one framed message: straight from this thread when {@code direct} and nothing is
     * queued, else through the event loop (where a burst is coalesced into few syscalls).
     *
     * @throws IOException if the socket is closed or broken
     */
    void write(byte[] message, boolean direct) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(message);
        synchronized (lock) {
            if (direct && deferred.get() == 0 && socket != null) {
                socket.write(buf);
                if (!buf.hasRemaining()) {
                    return;
                }
            }
            deferred.incrementAndGet();
            // Queued under the lock, so a later command cannot overtake this one. One loop task per
            // message; the flush is coalesced so a burst of queued commands leaves in one syscall.
            channel.eventLoop().execute(() -> {
                channel.write(Unpooled.wrappedBuffer(buf)).addListener(f -> {
                    // No lock here: the I/O thread must never wait for a caller holding it.
                    deferred.decrementAndGet();
                    if (!f.isSuccess()) {
                        channel.close();
                    }
                });
                if (!flushQueued) {
                    flushQueued = true;
                    channel.eventLoop().execute(() -> {
                        flushQueued = false;
                        channel.flush();
                    });
                }
            });
        }
    }
}
