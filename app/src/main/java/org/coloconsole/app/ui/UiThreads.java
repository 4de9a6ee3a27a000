package org.coloconsole.app.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;

/**
 * Where view models run things: blocking engine work on {@code background}, every change of what
 * the operator sees on {@code fx}. The console passes the FX thread and daemon threads; view-model
 * tests pass {@link #direct()}, so they run synchronously without a toolkit.
 */
public record UiThreads(Executor fx, Executor background) {
    private static final AtomicInteger COUNT = new AtomicInteger();

    /** The console's: the FX application thread, and a daemon thread per blocking job. */
    public static UiThreads console() {
        return new UiThreads(Platform::runLater, r -> {
            Thread t = new Thread(r, "console-work-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            t.start();
        });
    }

    /** Everything on the caller's thread, at once (view-model tests). */
    public static UiThreads direct() {
        return new UiThreads(Runnable::run, Runnable::run);
    }

    /** Runs {@code work} in the background; its result (or its error, unwrapped) arrives on the FX side. */
    public <T> void run(Supplier<T> work, Consumer<T> onResult, Consumer<Throwable> onError) {
        CompletableFuture.supplyAsync(work, background).whenComplete((v, e) -> fx.execute(() -> {
            if (e != null) {
                onError.accept(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                onResult.accept(v);
            }
        }));
    }

    /** Hands a change to the FX side. */
    public void onFx(Runnable r) {
        fx.execute(r);
    }
}
