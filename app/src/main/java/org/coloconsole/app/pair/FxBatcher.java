package org.coloconsole.app.pair;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.concurrent.Executor;

/**
 * Hands items from engine threads to the FX thread in batches: at most one drain is queued at
 * a time, so a thousand events a second cost a few FX-thread tasks, not a thousand.
 */
public final class FxBatcher<T> {
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<T>> sink;
    private final Executor fx;

    /** @param fx the FX side (Platform::runLater in the console; direct in view-model tests) */
    public FxBatcher(Executor fx, Consumer<List<T>> sink) {
        this.fx = fx;
        this.sink = sink;
    }

    /** Any thread. */
    public void add(T item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            fx.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        for (T t; (t = queue.poll()) != null; ) {
            batch.add(t);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
