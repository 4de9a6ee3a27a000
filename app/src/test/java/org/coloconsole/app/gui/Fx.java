package org.coloconsole.app.gui;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;

/** Test helpers: run on the FX thread and wait, and bounded polling waits. */
final class Fx {
    private Fx() {
    }

    static <T> T call(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX call failed: " + e, e);
        }
    }

    static void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** Polls (on the FX thread) every 100 ms until the condition holds or the bound passes. */
    static void waitFor(BooleanSupplier c, Duration bound, Supplier<String> what) {
        long end = System.nanoTime() + bound.toNanos();
        while (!call(c::getAsBoolean)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + bound.toSeconds() + " s waiting for " + what.get());
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }
}
