package org.coloconsole.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.coloconsole.app.log.EventLogView;
import org.coloconsole.app.pair.FxBatcher;
import org.coloconsole.app.timeline.TimelineCanvas;
import org.coloconsole.app.timeline.TimelineSeries;
import org.coloconsole.app.timeline.Viewport;
import org.coloconsole.engine.control.LogEntry;

/**
 * The timeline with 1,000,000 checkpoints: one frame at full zoom-out and at a 1-minute window
 * (200 pans each, FX-thread time of the draw), against the naive baseline (one rectangle per
 * checkpoint) in the same run; then the FX thread's busy share (its CPU time over wall time)
 * while 1,000 engine events a second arrive for 10 s through the console's own batching path.
 */
public final class TimelineBench {
    private static final int CHECKPOINTS = 1_000_000;
    private static final int PANS = 200;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);

        TimelineSeries series = new TimelineSeries(2 * CHECKPOINTS);
        SplittableRandom rnd = new SplittableRandom(42);
        long t = Instant.parse("2026-11-26T00:00:00Z").toEpochMilli();
        for (int i = 0; i < CHECKPOINTS; i++) {
            boolean onDemand = rnd.nextInt(10) < 3;
            t += onDemand ? 5 + rnd.nextInt(30) : 40 + rnd.nextInt(20);
            series.add(i, t, (float) (10 + rnd.nextDouble() * (onDemand ? 60 : 30)),
                    onDemand ? TimelineSeries.ON_DEMAND : TimelineSeries.PERIODIC);
        }
        long first = series.firstMs();
        long last = series.lastMs();
        Viewport viewport = new Viewport();
        TimelineCanvas[] canvas = new TimelineCanvas[1];
        VBox[] rootBox = new VBox[1];
        EventLogView[] log = new EventLogView[1];
        Thread[] fxThread = new Thread[1];
        call(() -> {
            fxThread[0] = Thread.currentThread();
            canvas[0] = new TimelineCanvas(series, viewport);
            log[0] = EventLogView.create();
            VBox root = new VBox(canvas[0], log[0].root());
            rootBox[0] = root;
            canvas[0].setPrefSize(1200, 260);
            log[0].root().setPrefSize(1200, 300);
            Stage stage = new Stage();
            stage.setScene(new Scene(root, 1200, 560));
            stage.show();
            root.layout();
            return null;
        });

        // Full zoom-out: the whole history, panned in small steps (as a drag would).
        long span = last - first;
        double[] full = frames(canvas[0], viewport, first, span, span / 400);
        double[] naiveFull = naive(rootBox[0], series, first, span, 1200, 260);
        // A 1-minute window, panned across the history.
        double[] window = frames(canvas[0], viewport, first + span / 2, 60_000, 3_000);

        // 1,000 events/s for 10 s through FxBatcher into the log, a checkpoint every 50 ms into
        // the live timeline; the FX thread's CPU time over the same wall time.
        call(() -> {
            viewport.follow(600_000);
            return null;
        });
        FxBatcher<LogEntry> logs = new FxBatcher<>(javafx.application.Platform::runLater, log[0]::append);
        FxBatcher<long[]> cps = new FxBatcher<>(javafx.application.Platform::runLater, b -> {
            for (long[] c : b) {
                series.add(c[0], c[1], 20f, TimelineSeries.PERIODIC);
            }
        });
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getThreadCpuTime(fxThread[0].getId());
        long wall0 = System.nanoTime();
        long sent = 0;
        long cpIndex = CHECKPOINTS;
        for (int ms = 0; ms < 10_000; ms++) {
            long due = wall0 + ms * 1_000_000L;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(200_000);
            }
            logs.add(new LogEntry(Instant.now(), "primary node", LogEntry.Severity.DEBUG, "qmp event",
                    "RESUME {} #" + sent++));
            if (ms % 50 == 0) {
                cps.add(new long[] {cpIndex++, System.currentTimeMillis()});
            }
        }
        call(() -> null); // everything queued has run
        long wall = System.nanoTime() - wall0;
        double busy = (mx.getThreadCpuTime(fxThread[0].getId()) - cpu0) / (double) wall;

        String json = String.format(java.util.Locale.ROOT, """
                {"checkpoints": %d, "pans": %d,
                 "frame_ms_full": {"median": %.3f, "p99": %.3f},
                 "frame_ms_window": {"median": %.3f, "p99": %.3f},
                 "baseline_naive_frame_ms_full": {"median": %.3f, "p99": %.3f},
                 "fx_busy_fraction": %.4f, "events_sent": %d,
                 "targets": {"frame_p99_ms": 16, "fx_busy_fraction": 0.2},
                 "met": %s,
                 "note": "frame = FX-thread time of TimelineCanvas.draw (1200x260, Monocle software pipeline); baseline = one rectangle per checkpoint; busy = FX thread CPU time / wall time"}
                """, CHECKPOINTS, PANS, pct(full, 50), pct(full, 99), pct(window, 50), pct(window, 99),
                pct(naiveFull, 50), pct(naiveFull, 99), busy, sent,
                pct(full, 99) <= 16 && pct(window, 99) <= 16 && busy <= 0.2);
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println(json);
        Platform.exit();
        System.exit(0);
    }

    private static double[] frames(TimelineCanvas c, Viewport v, long from, long span, long step) throws Exception {
        double[] ms = new double[PANS];
        for (int i = 0; i < 10; i++) { // warm-up
            long f = from + i * step;
            call(() -> {
                v.show(f, span);
                c.draw(f + span);
                return null;
            });
        }
        for (int i = 0; i < PANS; i++) {
            long f = from + i * step;
            ms[i] = call(() -> {
                v.show(f, span);
                long t0 = System.nanoTime();
                c.draw(f + span);
                return (System.nanoTime() - t0) / 1e6;
            });
        }
        return ms;
    }

    /**
     * The baseline: every checkpoint in view drawn as its own rectangle, on a canvas in the scene
     * (off-scene a canvas never renders and its command buffer only grows).
     */
    private static double[] naive(VBox root, TimelineSeries s, long from, long span, int w, int h) throws Exception {
        Canvas canvas = new Canvas(w, h);
        call(() -> root.getChildren().add(canvas));
        double[] ms = new double[20];
        for (int i = 0; i < ms.length; i++) {
            LockSupport.parkNanos(200_000_000L); // let a pulse render (and drop) the previous frame
            ms[i] = call(() -> {
                long t0 = System.nanoTime();
                GraphicsContext g = canvas.getGraphicsContext2D();
                g.setFill(Color.WHITE);
                g.fillRect(0, 0, w, h);
                for (int k = s.lowerBound(from), end = s.lowerBound(from + span); k < end; k++) {
                    g.setFill(s.cause(k) == TimelineSeries.ON_DEMAND ? Color.ORANGE : Color.STEELBLUE);
                    double x = (s.startMs(k) - from) * (double) w / span;
                    double bar = s.pauseMs(k) / 100.0 * h;
                    g.fillRect(x, h - bar, 2, bar);
                }
                return (System.nanoTime() - t0) / 1e6;
            });
        }
        call(() -> root.getChildren().remove(canvas));
        return ms;
    }

    private static double pct(double[] values, int p) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)];
    }

    private static <T> T call(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }
}
