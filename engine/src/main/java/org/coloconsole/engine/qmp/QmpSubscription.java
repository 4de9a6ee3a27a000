package org.coloconsole.engine.qmp;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One listener's view of the event stream: a bounded queue drained in order on the client's
 * event executor. The I/O thread only appends (dropping the oldest when full), so a slow listener
 * can never hold up command replies. Close it to stop receiving events.
 */
public final class QmpSubscription implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QmpSubscription.class);


    private final Set<String> names;
    private final QmpEventListener listener;
    private final int capacity;
    private final Executor executor;
    private final Consumer<QmpSubscription> onCancel;

    private final ArrayDeque<QmpEvent> queue = new ArrayDeque<>();
    private long dropped;
    private QmpException disconnectCause;
    private boolean draining;
    private boolean finished;
    private volatile boolean cancelled;

    QmpSubscription(Set<String> names, QmpEventListener listener, int capacity, Executor executor,
                    Consumer<QmpSubscription> onCancel) {
        this.names = Set.copyOf(names);
        this.listener = listener;
        this.capacity = capacity;
        this.executor = executor;
        this.onCancel = onCancel;
    }

    /** The event names this subscription receives; empty means all. */
    public Set<String> names() {
        return names;
    }

    boolean wants(String eventName) {
        return names.isEmpty() || names.contains(eventName);
    }

    /** Called on the I/O thread: never blocks, never runs listener code. */
    void offer(QmpEvent event) {
        synchronized (queue) {
            if (cancelled || finished || disconnectCause != null) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(event);
            scheduleLocked();
        }
    }

    /** The connection ended: deliver what is queued, then {@code onDisconnected} once. */
    void disconnect(QmpException cause) {
        synchronized (queue) {
            if (disconnectCause != null || finished) {
                return;
            }
            disconnectCause = cause;
            scheduleLocked();
        }
    }

    private void scheduleLocked() {
        if (!draining) {
            draining = true;
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The client is shutting down its executor; nobody is left to deliver to.
                LOG.debug("QMP events dropped: the client is closing");
                draining = false;
                finished = true;
            }
        }
    }

    private void drain() {
        // Bounded batch per run so one busy subscription cannot monopolise a dispatcher thread.
        for (int i = 0; i < 4096; i++) {
            QmpEvent next;
            long lost;
            QmpException end = null;
            synchronized (queue) {
                lost = dropped;
                dropped = 0;
                next = queue.pollFirst();
                if (next == null && lost == 0) {
                    if (disconnectCause != null && !finished) {
                        finished = true;
                        end = disconnectCause;
                    } else {
                        draining = false;
                        return;
                    }
                }
            }
            if (cancelled) {
                continue;
            }
            try {
                if (lost > 0) {
                    listener.onEventsDropped(lost);
                }
                if (next != null) {
                    listener.onEvent(next);
                }
                if (end != null) {
                    listener.onDisconnected(end);
                }
            } catch (RuntimeException e) {
                // A listener's bug must not kill the dispatcher or other listeners.
                LOG.error("a QMP event listener failed on {}", next, e);
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
            if (end != null) {
                synchronized (queue) {
                    draining = false;
                }
                return;
            }
        }
        synchronized (queue) {
            draining = false;
            if (!queue.isEmpty() || dropped > 0 || (disconnectCause != null && !finished)) {
                scheduleLocked();
            }
        }
    }

    @Override
    public void close() {
        cancelled = true;
        synchronized (queue) {
            queue.clear();
        }
        onCancel.accept(this);
    }
}
