package org.coloconsole.engine.qmp;

import org.coloconsole.engine.net.Endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A connection to one QEMU monitor speaking QMP.
 *
 * <p>Shaped after QEMU's own Python client ({@code qemu.qmp}): {@link #connect} reads the greeting
 * and negotiates capabilities (out-of-band when offered); {@link #execute} returns a future of the
 * command's {@code return} value or fails with a typed {@link QmpException}; events reach
 * {@link #subscribe subscribers}. Many commands may be in flight at once; replies are matched by
 * id. Futures complete on the I/O thread: continuations must not block (use the {@code *Async}
 * forms of {@link CompletableFuture} for that), and {@link #call} refuses to run there.
 */
public final class QmpClient implements AutoCloseable {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Endpoint endpoint;
    private final QmpOptions options;
    private final QmpProtocolHandler protocol;
    private final Channel channel;
    private final EventLoopGroup privateGroup;
    private final ExecutorService eventExecutor;

    private QmpClient(Endpoint endpoint, QmpOptions options, QmpProtocolHandler protocol, Channel channel,
                      EventLoopGroup privateGroup, ExecutorService eventExecutor) {
        this.endpoint = endpoint;
        this.options = options;
        this.protocol = protocol;
        this.channel = channel;
        this.privateGroup = privateGroup;
        this.eventExecutor = eventExecutor;
    }

    /** Connects with {@link QmpOptions#defaults()}. */
    public static CompletableFuture<QmpClient> connect(Endpoint endpoint) {
        return connect(endpoint, QmpOptions.defaults());
    }

    /**
     * Opens the socket, reads the greeting and negotiates capabilities. The future fails with
     * {@link QmpConnectException} (socket), {@link QmpTimeoutException} (no greeting in time),
     * {@link QmpProtocolException} (not QMP) or {@link QmpNegotiationException}.
     */
    public static CompletableFuture<QmpClient> connect(Endpoint endpoint, QmpOptions options) {
        EventLoopGroup group = options.eventLoopGroup();
        EventLoopGroup privateGroup = null;
        if (group == null) {
            privateGroup = new MultiThreadIoEventLoopGroup(1,
                    new DefaultThreadFactory("qmp-io-" + endpoint, true), NioIoHandler.newFactory());
            group = privateGroup;
        }
        ExecutorService events = Executors.newCachedThreadPool(new DefaultThreadFactory("qmp-events", true));
        QmpProtocolHandler protocol = new QmpProtocolHandler(endpoint, options, events);

        ChannelFactory<Channel> factory = () -> DirectWriteChannels.create(endpoint.isUnix());
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channelFactory(factory)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("frames", new QmpFrameDecoder(options.maxFrameBytes()));
                        ch.pipeline().addLast("qmp", protocol);
                    }
                });
        if (!endpoint.isUnix()) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }

        CompletableFuture<QmpClient> result = new CompletableFuture<>();
        EventLoopGroup ownedGroup = privateGroup;
        Runnable releaseResources = () -> {
            events.shutdown();
            if (ownedGroup != null) {
                ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        };
        ChannelFuture connected = bootstrap.connect(endpoint.socketAddress());
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                releaseResources.run();
                result.completeExceptionally(new QmpConnectException(
                        "cannot connect to QMP at " + endpoint + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            Channel ch = connected.channel();
            protocol.ready().whenComplete((greeting, error) -> {
                if (error != null) {
                    ch.close();
                    protocol.closedFuture().whenComplete((c, x) -> releaseResources.run());
                    result.completeExceptionally(QmpException.unwrap(error));
                } else {
                    QmpClient client = new QmpClient(endpoint, options, protocol, ch, ownedGroup, events);
                    // After channelInactive has queued every disconnect notice: shutdown() lets them run.
                    protocol.closedFuture().whenComplete((c, x) -> releaseResources.run());
                    if (!result.complete(client)) {
                        client.close();
                    }
                }
            });
        });
        return result;
    }

    /** Blocking {@link #connect}: returns a ready client or throws the typed failure. */
    public static QmpClient open(Endpoint endpoint, QmpOptions options) {
        return await(connect(endpoint, options),
                options.connectTimeout().plus(options.greetingTimeout()).plusSeconds(5), "connect to " + endpoint);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public QmpOptions options() {
        return options;
    }

    /** What QEMU said when we connected: its version and capabilities. */
    public QmpGreeting greeting() {
        return protocol.greeting();
    }

    /** Whether out-of-band execution was negotiated (QEMU offers it on monitors that allow it). */
    public boolean oobEnabled() {
        return protocol.oobEnabled();
    }

    public QmpConnectionState state() {
        return protocol.state();
    }

    /** Why the connection closed, or null while it is open. */
    public QmpException closeCause() {
        return protocol.closeCause();
    }

    /** Completes (normally, with the cause) when the connection has closed for any reason. */
    public CompletableFuture<QmpException> closed() {
        return protocol.closedFuture();
    }

    /** Number of commands sent and not yet answered. */
    public int pendingCommands() {
        return protocol.pendingCount();
    }

    public CompletableFuture<JsonNode> execute(String command) {
        return execute(command, null, options.commandTimeout());
    }

    public CompletableFuture<JsonNode> execute(String command, JsonNode arguments) {
        return execute(command, arguments, options.commandTimeout());
    }

    /**
     * Sends {@code {"execute": command, "arguments": arguments, "id": ...}}. The future completes
     * with the {@code return} value, or fails with {@link QmpCommandException} (QEMU's error),
     * {@link QmpTimeoutException}, {@link QmpConnectionLostException} or {@link QmpProtocolException}.
     */
    public CompletableFuture<JsonNode> execute(String command, JsonNode arguments, Duration timeout) {
        return protocol.send(channel, "execute", command, arguments, timeout);
    }

    /**
     * Sends the command out of band ({@code exec-oob}): QEMU runs it at once, even while an in-band
     * command is stuck. Meant for {@code yank} before a failover. Fails at once if the monitor did
     * not offer out-of-band execution.
     */
    public CompletableFuture<JsonNode> executeOob(String command, JsonNode arguments, Duration timeout) {
        if (!oobEnabled()) {
            return CompletableFuture.failedFuture(new QmpException(
                    "out-of-band execution of " + command + " refused: the monitor at " + endpoint
                            + " did not offer the 'oob' capability"));
        }
        return protocol.send(channel, "exec-oob", command, arguments, timeout);
    }

    /** Runs an HMP command line through {@code human-monitor-command}; completes with its output. */
    public CompletableFuture<String> hmp(String commandLine) {
        ObjectNode args = args().put("command-line", commandLine);
        return execute("human-monitor-command", args).thenApply(JsonNode::asText);
    }

    /**
     * Blocking {@link #execute}: returns the {@code return} value or throws the typed failure. Not
     * allowed on the client's I/O thread, where it would wait for itself.
     */
    public JsonNode call(String command, JsonNode arguments) {
        return call(command, arguments, options.commandTimeout());
    }

    public JsonNode call(String command, JsonNode arguments, Duration timeout) {
        if (channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("blocking QMP call '" + command
                    + "' on the QMP I/O thread would deadlock; use execute() and a non-blocking continuation");
        }
        // The command's own timeout fires first; the extra second only guards against a lost timer.
        return await(execute(command, arguments, timeout), timeout.plusSeconds(1), command);
    }

    /**
     * Receives events with the given names (none = all events) until the subscription is closed or
     * the connection ends; {@link QmpEventListener#onDisconnected} is then called once.
     */
    public QmpSubscription subscribe(Set<String> eventNames, QmpEventListener listener) {
        return protocol.subscribe(eventNames, listener, options.eventQueueCapacity());
    }

    /** As {@link #subscribe(Set, QmpEventListener)} with this subscription's own queue bound. */
    public QmpSubscription subscribe(Set<String> eventNames, QmpEventListener listener, int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive, was " + queueCapacity);
        }
        return protocol.subscribe(eventNames, listener, queueCapacity);
    }

    public QmpSubscription subscribe(QmpEventListener listener) {
        return subscribe(Set.of(), listener);
    }

    /** Convenience: {@code subscribe(names, event -> ...)}. */
    public QmpSubscription onEvent(Set<String> eventNames, Consumer<QmpEvent> consumer) {
        return subscribe(eventNames, consumer::accept);
    }

    /** A fresh, empty arguments object. */
    public static ObjectNode args() {
        return JSON.objectNode();
    }

    /**
     * Closes the connection: pending commands fail with {@link QmpConnectionLostException},
     * subscribers are told, and the private I/O thread and event dispatchers stop. Waits (a bounded
     * time) for all of that, so nothing of this client runs after it returns.
     */
    @Override
    public void close() {
        protocol.closeByClient(channel);
        try {
            channel.closeFuture().await(5, TimeUnit.SECONDS);
            protocol.closedFuture().get(5, TimeUnit.SECONDS);
            eventExecutor.shutdown();
            eventExecutor.awaitTermination(5, TimeUnit.SECONDS);
            if (privateGroup != null) {
                privateGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closedFuture never fails; a timeout here means a listener is stuck in its callback.
        }
    }

    /** How long a blocking caller spins before parking: a local QMP round trip takes ~100 µs. */
    private static final long SPIN_NANOS = 1_000_000;

    static <T> T await(CompletableFuture<T> future, Duration bound, String what) {
        // Spinning briefly saves the wake-up latency of park/unpark (tens of µs on a VM), which
        // would otherwise be a large share of a sequential caller's round trip.
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (!future.isDone() && System.nanoTime() < spinUntil) {
            // yield, not onSpinWait: on a small machine the I/O thread and QEMU need the core.
            Thread.yield();
        }
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new QmpException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw QmpException.unwrap(e);
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("no result for " + what, bound);
        }
    }

    @Override
    public String toString() {
        return "QmpClient[" + endpoint + ", " + state() + "]";
    }
}
