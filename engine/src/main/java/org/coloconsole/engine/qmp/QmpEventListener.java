package org.coloconsole.engine.qmp;

/**
 * Receives events of one subscription, in order, on a dispatcher thread of its own (never the I/O
 * thread), so a slow listener delays only itself.
 */
public interface QmpEventListener {

    void onEvent(QmpEvent event);

    /**
     * The listener fell behind and {@code count} events were dropped (the oldest first) since the
     * last call; the stream goes on. A monitor should treat its view as stale and re-poll.
     */
    default void onEventsDropped(long count) {
    }

    /**
     * The connection ended; no more events follow. Called exactly once per subscription unless it
     * was cancelled first. {@code cause} says why (a {@link QmpConnectionLostException} when the
     * peer went away, or the client was closed).
     */
    default void onDisconnected(QmpException cause) {
    }
}
