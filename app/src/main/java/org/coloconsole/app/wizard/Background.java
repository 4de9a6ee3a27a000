package org.coloconsole.app.wizard;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;

/** Blocking engine work off the FX thread, its result (or error) back on it. */
public final class Background {
    private Background() {
    }

    public static <T> void run(String name, Supplier<T> work, Consumer<T> onResult, Consumer<Throwable> onError) {
        CompletableFuture.supplyAsync(work, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        }).whenComplete((v, e) -> Platform.runLater(() -> {
            if (e != null) {
                onError.accept(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                onResult.accept(v);
            }
        }));
    }
}
