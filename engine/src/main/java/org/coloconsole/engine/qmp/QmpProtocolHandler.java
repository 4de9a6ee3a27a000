package org.coloconsole.engine.qmp;

import org.coloconsole.engine.net.Endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The protocol state machine of one connection: greeting, capability negotiation, id-routed
 * replies, events, timeouts, and failing everything promptly when the connection ends. All
 * inbound work runs on the channel's event loop; {@link #send} may be called from any thread.
 */
final class QmpProtocolHandler extends ChannelInboundHandlerAdapter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Late replies to timed-out commands are expected, not protocol errors; remember this many ids. */
    private static final int EXPIRED_IDS_KEPT = 10_000;

    private final Endpoint endpoint;
    private final QmpOptions options;
    private final Executor eventExecutor;

    private final CompletableFuture<QmpGreeting> ready = new CompletableFuture<>();
    private final CompletableFuture<QmpException> closed = new CompletableFuture<>();
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<QmpSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<QmpException> closeCause = new AtomicReference<>();

    private volatile QmpConnectionState state = QmpConnectionState.NEGOTIATING;
    private volatile QmpGreeting greeting;
    private volatile boolean oobEnabled;

    // Event-loop confined.
    private final Map<String, Boolean> expiredIds = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > EXPIRED_IDS_KEPT;
        }
    };
    private ScheduledFuture<?> sweeper;
    private volatile QmpWriter writer;

    /**
     * Command timeouts are checked by one periodic sweep rather than a timer per command: a timer
     * scheduled from the caller's thread would wake the event loop on every command.
     */
    static final long SWEEP_MILLIS = 50;
    /** The earliest deadline of a pending command, or earlier (never later): sweeps skip until then. */
    private final java.util.concurrent.atomic.AtomicLong nextDeadline = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    /** Commands added so far: a sweep that saw none added while it walked may trust what it learned. */
    private final java.util.concurrent.atomic.AtomicLong added = new java.util.concurrent.atomic.AtomicLong();

    private static final class Pending {
        final String command;
        final long deadline;
        final Duration timeout;
        final CompletableFuture<JsonNode> future = new CompletableFuture<>();

        Pending(String command, long deadline, Duration timeout) {
            this.command = command;
            this.deadline = deadline;
            this.timeout = timeout;
        }
    }

    QmpProtocolHandler(Endpoint endpoint, QmpOptions options, Executor eventExecutor) {
        this.endpoint = endpoint;
        this.options = options;
        this.eventExecutor = eventExecutor;
    }

    CompletableFuture<QmpGreeting> ready() {
        return ready;
    }

    CompletableFuture<QmpException> closedFuture() {
        return closed;
    }

    QmpGreeting greeting() {
        return greeting;
    }

    boolean oobEnabled() {
        return oobEnabled;
    }

    QmpConnectionState state() {
        return state;
    }

    QmpException closeCause() {
        return closeCause.get();
    }

    int pendingCount() {
        return pending.size();
    }

    // ---- outbound ------------------------------------------------------------------------

    CompletableFuture<JsonNode> send(Channel channel, String key, String command, JsonNode arguments,
                                     Duration timeout) {
        if (state != QmpConnectionState.READY) {
            QmpException cause = closeCause.get();
            return CompletableFuture.failedFuture(cause != null
                    ? lostWhileWaiting(command, cause)
                    : new QmpConnectionLostException("QMP connection to " + endpoint + " is not ready"));
        }
        return sendUnchecked(channel, key, command, arguments, timeout);
    }

    private CompletableFuture<JsonNode> sendUnchecked(Channel channel, String key, String command,
                                                      JsonNode arguments, Duration timeout) {
        String id = Long.toString(ids.incrementAndGet(), 36);
        ObjectNode message = JSON.objectNode();
        message.put(key, command);
        if (arguments != null && !arguments.isNull() && !arguments.isMissingNode()) {
            message.set("arguments", arguments);
        }
        message.put("id", id);
        byte[] bytes;
        try {
            byte[] json = QmpFrameDecoder.MAPPER.writeValueAsBytes(message);
            bytes = java.util.Arrays.copyOf(json, json.length + 1);
            bytes[json.length] = '\n';
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new QmpException("cannot encode " + command + ": " + e.getMessage(), e));
        }
        Pending p = new Pending(command, System.nanoTime() + timeout.toNanos(), timeout);
        pending.put(id, p);
        added.incrementAndGet();
        nextDeadline.accumulateAndGet(p.deadline, (a, b) -> b - a < 0 ? b : a);
        if (state == QmpConnectionState.CLOSED && !negotiating(command)) {
            // The connection ended after the check above; channelInactive may have missed us.
            failPending(id, closeCause.get());
            return p.future;
        }
        try {
            // A lone command (the sequential caller) is written from this thread; a burst goes
            // through the event loop, which coalesces it into few syscalls.
            writer(channel).write(bytes, pending.size() <= 1);
        } catch (IOException e) {
            closeCause.compareAndSet(null, new QmpConnectionLostException(
                    "QMP connection to " + endpoint + " lost: " + e.getMessage(), e));
            failPending(id, closeCause.get());
            channel.close();
        }
        return p.future;
    }

    private static boolean negotiating(String command) {
        return "qmp_capabilities".equals(command);
    }

    private QmpWriter writer(Channel channel) {
        QmpWriter w = writer;
        if (w == null) {
            synchronized (this) {
                if (writer == null) {
                    writer = new QmpWriter(channel);
                }
                w = writer;
            }
        }
        return w;
    }

    /**
     * Runs on the event loop every {@link #SWEEP_MILLIS}: fails commands past their deadline. A
     * burst of thousands in flight made every sweep walk them all; now a sweep walks them only once
     * the earliest deadline known has come, and learns the next one as it goes.
     */
    private void expireOverdue() {
        long now = System.nanoTime();
        if (pending.isEmpty() || now - nextDeadline.get() < 0) {
            return;
        }
        long before = added.get();
        long earliest = now + TimeUnit.DAYS.toNanos(1);
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            long d = e.getValue().deadline;
            if (now - d >= 0) {
                expire(e.getKey());
            } else if (d - earliest < 0) {
                earliest = d;
            }
        }
        // A command added while we walked may not have been seen: then sweep again next time.
        nextDeadline.set(added.get() == before ? earliest : now);
    }

    private void expire(String id) {
        Pending p = pending.remove(id);
        if (p != null) {
            expiredIds.put(id, Boolean.TRUE);
            p.future.completeExceptionally(new QmpTimeoutException(
                    "no reply from QMP at " + endpoint + " to '" + p.command + "'", p.timeout));
        }
    }

    private void failPending(String id, QmpException cause) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.future.completeExceptionally(lostWhileWaiting(p.command, cause));
        }
    }

    private QmpException lostWhileWaiting(String command, QmpException cause) {
        if (cause instanceof QmpConnectionLostException) {
            return new QmpConnectionLostException(cause.getMessage() + " while waiting for '" + command + "'", cause);
        }
        return cause;
    }

    // ---- inbound -------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sweeper = ctx.executor().scheduleAtFixedRate(this::expireOverdue, SWEEP_MILLIS, SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);
        ctx.executor().schedule(() -> {
            if (!ready.isDone()) {
                fatal(ctx, new QmpTimeoutException("no QMP greeting and negotiation from " + endpoint,
                        options.greetingTimeout()));
            }
        }, options.greetingTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        JsonNode frame = (JsonNode) msg;
        try {
            if (greeting == null) {
                onGreeting(ctx, frame);
            } else if (frame.has("event")) {
                onEvent(frame);
            } else if (frame.has("return") || frame.has("error")) {
                onReply(frame);
            } else {
                throw new QmpProtocolException("unexpected QMP message from " + endpoint + ": "
                        + QmpProtocolException.excerpt(frame.toString()));
            }
        } catch (QmpException e) {
            fatal(ctx, e);
        }
    }

    private void onGreeting(ChannelHandlerContext ctx, JsonNode frame) {
        QmpGreeting g = QmpGreeting.parse(frame);
        greeting = g;
        ObjectNode args = null;
        boolean wantOob = g.offers("oob");
        if (wantOob) {
            args = JSON.objectNode();
            args.putArray("enable").add("oob");
        }
        sendUnchecked(ctx.channel(), "execute", "qmp_capabilities", args, options.greetingTimeout())
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        oobEnabled = wantOob;
                        state = QmpConnectionState.READY;
                        ready.complete(g);
                    } else {
                        QmpException e = QmpException.unwrap(error);
                        fatal(ctx, e instanceof QmpCommandException
                                ? new QmpNegotiationException("QMP at " + endpoint + " refused qmp_capabilities: "
                                        + e.getMessage(), e)
                                : e);
                    }
                });
    }

    private void onReply(JsonNode frame) {
        JsonNode idNode = frame.get("id");
        if (idNode == null) {
            // We always send ids; QEMU answers without one only to input it could not parse.
            throw new QmpProtocolException("QMP reply without id from " + endpoint + ": "
                    + QmpProtocolException.excerpt(frame.toString()));
        }
        String id = idNode.asText();
        Pending p = pending.remove(id);
        if (p == null) {
            if (expiredIds.remove(id) != null) {
                return; // the late answer to a command that already timed out
            }
            throw new QmpProtocolException("QMP reply with unknown id " + idNode + " from " + endpoint
                    + ": " + QmpProtocolException.excerpt(frame.toString()));
        }
        JsonNode error = frame.get("error");
        if (error != null) {
            p.future.completeExceptionally(new QmpCommandException(p.command,
                    error.path("class").asText("GenericError"), error.path("desc").asText("")));
        } else {
            p.future.complete(frame.get("return"));
        }
    }

    private void onEvent(JsonNode frame) {
        QmpEvent event = QmpEvent.parse(frame);
        for (QmpSubscription s : subscriptions) {
            if (s.wants(event.name())) {
                s.offer(event);
            }
        }
    }

    QmpSubscription subscribe(Set<String> names, QmpEventListener listener, int capacity) {
        QmpSubscription s = new QmpSubscription(names, listener, capacity, eventExecutor,
                subscriptions::remove);
        subscriptions.add(s);
        QmpException cause = closeCause.get();
        if (state == QmpConnectionState.CLOSED && cause != null) {
            // Subscribing to a dead connection still gets its one disconnect notice.
            subscriptions.remove(s);
            s.disconnect(cause);
        }
        return s;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof QmpException q) {
            fatal(ctx, q);
        } else if (c instanceof IOException) {
            fatal(ctx, new QmpConnectionLostException("QMP connection to " + endpoint + " lost: " + c.getMessage(), c));
        } else {
            fatal(ctx, new QmpProtocolException("QMP connection to " + endpoint + " failed: " + c, c));
        }
    }

    private void fatal(ChannelHandlerContext ctx, QmpException cause) {
        closeCause.compareAndSet(null, cause);
        ready.completeExceptionally(closeCause.get());
        ctx.close();
    }

    void closeByClient(Channel channel) {
        closeCause.compareAndSet(null, new QmpConnectionLostException("QMP connection to " + endpoint
                + " closed by the client"));
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeCause.compareAndSet(null, new QmpConnectionLostException("QMP connection to " + endpoint
                + " closed by the peer"));
        QmpException cause = closeCause.get();
        state = QmpConnectionState.CLOSED;
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        ready.completeExceptionally(cause);
        for (String id : pending.keySet()) {
            failPending(id, cause);
        }
        for (QmpSubscription s : subscriptions) {
            s.disconnect(cause);
        }
        subscriptions.clear();
        closed.complete(cause);
        ctx.fireChannelInactive();
    }
}
