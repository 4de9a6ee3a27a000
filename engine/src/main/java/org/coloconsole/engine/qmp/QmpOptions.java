package org.coloconsole.engine.qmp;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of one QMP connection. The defaults suit a console talking to QEMU on the same host or
 * through an SSH tunnel; every wait the client does is bounded by one of these.
 *
 * @param connectTimeout     how long the socket connect may take
 * @param greetingTimeout    how long after connecting the peer has to send its QMP greeting and
 *                           accept {@code qmp_capabilities}; a peer that accepts and never speaks
 *                           fails here
 * @param commandTimeout     default per-command timeout (overridable per call)
 * @param maxFrameBytes      longest QMP message accepted; longer ones are a protocol error, so a
 *                           hostile peer cannot make the client buffer without limit
 * @param eventQueueCapacity events buffered per subscriber before the oldest are dropped (and the
 *                           subscriber told how many); keeps a slow subscriber from stalling
 *                           replies or exhausting memory
 * @param eventLoopGroup     a shared Netty group, or null for a private one-thread group that the
 *                           client shuts down when it closes
 */
public record QmpOptions(
        Duration connectTimeout,
        Duration greetingTimeout,
        Duration commandTimeout,
        int maxFrameBytes,
        int eventQueueCapacity,
        EventLoopGroup eventLoopGroup) {

    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

    public QmpOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(greetingTimeout, "greetingTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(greetingTimeout, "greetingTimeout");
        requirePositive(commandTimeout, "commandTimeout");
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + maxFrameBytes);
        }
        if (eventQueueCapacity < 1) {
            throw new IllegalArgumentException("eventQueueCapacity must be positive, was " + eventQueueCapacity);
        }
    }

    public static QmpOptions defaults() {
        return new QmpOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30),
                DEFAULT_MAX_FRAME_BYTES, 10_000, null);
    }

    public QmpOptions withConnectTimeout(Duration d) {
        return new QmpOptions(d, greetingTimeout, commandTimeout, maxFrameBytes, eventQueueCapacity, eventLoopGroup);
    }

    public QmpOptions withGreetingTimeout(Duration d) {
        return new QmpOptions(connectTimeout, d, commandTimeout, maxFrameBytes, eventQueueCapacity, eventLoopGroup);
    }

    public QmpOptions withCommandTimeout(Duration d) {
        return new QmpOptions(connectTimeout, greetingTimeout, d, maxFrameBytes, eventQueueCapacity, eventLoopGroup);
    }

    public QmpOptions withMaxFrameBytes(int n) {
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, n, eventQueueCapacity, eventLoopGroup);
    }

    public QmpOptions withEventQueueCapacity(int n) {
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, maxFrameBytes, n, eventLoopGroup);
    }

    public QmpOptions withEventLoopGroup(EventLoopGroup g) {
        return new QmpOptions(connectTimeout, greetingTimeout, commandTimeout, maxFrameBytes, eventQueueCapacity, g);
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
