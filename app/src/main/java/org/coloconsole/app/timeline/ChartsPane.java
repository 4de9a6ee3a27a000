package org.coloconsole.app.timeline;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.coloconsole.engine.control.PairController;

/**
 * The two charts of a pair over one shared window: the checkpoint timeline and the mismatch
 * rate, with the window buttons and the exact-counts toggle (trace sampling on the primary: a
 * 3 s window every 15 s while it is on, never longer, because per-packet tracing costs).
 */
public final class ChartsPane {
    private static final Duration SAMPLE_WINDOW = Duration.ofSeconds(3);
    private static final long SAMPLE_EVERY_S = 15;

    private final Viewport viewport = new Viewport();
    private final TimelineCanvas timeline;
    private final RateChart rate;
    private final ToggleButton exact = new ToggleButton("Exact mismatch counts");
    private final Label exactStatus = new Label();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trace-sampler");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> sampling;
    private PairController controller;

    public ChartsPane(TimelineSeries series, HBox bar, VBox charts) {
        timeline = new TimelineCanvas(series, viewport);
        timeline.setId("timeline");
        rate = new RateChart(series, viewport);
        rate.setId("rateChart");
        timeline.setAfterDraw(() -> rate.draw(System.currentTimeMillis()));
        bar.getChildren().clear();
        Label title = new Label("Checkpoints and mismatch rate");
        title.getStyleClass().add("section-title");
        bar.getChildren().add(title);
        bar.getChildren().add(span("1 min", 60_000L));
        bar.getChildren().add(span("10 min", 600_000L));
        bar.getChildren().add(span("1 h", 3_600_000L));
        bar.getChildren().add(span("6 h", 21_600_000L));
        Button all = new Button("All");
        all.setId("spanAll");
        all.setOnAction(e -> {
            long first = series.size() == 0 ? System.currentTimeMillis() - 60_000 : series.firstMs();
            long now = System.currentTimeMillis();
            viewport.show(first - 1_000, Math.max(2_000, now - first + 2_000));
        });
        Button live = new Button("● Live");
        live.setId("spanLive");
        live.setOnAction(e -> viewport.follow(viewport.span()));
        Pane gap = new Pane();
        HBox.setHgrow(gap, Priority.ALWAYS);
        exact.setId("exactToggle");
        exact.setOnAction(e -> setExact(exact.isSelected()));
        exactStatus.setId("exactStatus");
        exactStatus.getStyleClass().add("card-host");
        bar.getChildren().addAll(all, live, gap, exactStatus, exact);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox.setVgrow(timeline, Priority.ALWAYS);
        charts.getChildren().setAll(timeline, rate);
    }

    private Button span(String label, long ms) {
        Button b = new Button(label);
        b.setId("span" + label.replace(" ", ""));
        b.setOnAction(e -> viewport.follow(ms));
        return b;
    }

    public TimelineCanvas timeline() {
        return timeline;
    }

    public void setColors(ChartColors c) {
        timeline.setColors(c);
        rate.setColors(c);
        timeline.draw(System.currentTimeMillis()); // now, with the theme's switch (it redraws the rate chart too)
    }

    /** The pair whose trace the exact counts sample (null: none selected). */
    public void setController(PairController c) {
        setExact(false);
        exact.setSelected(false);
        controller = c;
    }

    private void setExact(boolean on) {
        rate.setShowExact(on);
        timeline.hoverAt(-1);
        if (sampling != null) {
            sampling.cancel(false);
            sampling = null;
        }
        exactStatus.setText(on ? "sampling colo-compare's trace on the primary…" : "");
        if (on && controller != null) {
            PairController c = controller;
            sampling = sampler.scheduleWithFixedDelay(() -> sample(c), 0, SAMPLE_EVERY_S, TimeUnit.SECONDS);
        }
    }

    private void sample(PairController c) {
        try {
            org.coloconsole.engine.model.TraceSample s = c.sampleMismatches(SAMPLE_WINDOW);
            long at = System.currentTimeMillis();
            Platform.runLater(() -> {
                rate.addExact(new RateChart.ExactSample(at, s.window().toMillis(), s.counts().mismatches()));
                exactStatus.setText(String.format("last %d s window: %d mismatches, %d packets released%s",
                        s.window().toSeconds(), s.counts().mismatches(), s.counts().released(),
                        s.truncated() ? " (truncated)" : ""));
            });
        } catch (RuntimeException e) {
            Platform.runLater(() -> exactStatus.setText("trace sampling failed: " + e.getMessage()));
        }
    }

    public void close() {
        sampler.shutdownNow();
    }
}
