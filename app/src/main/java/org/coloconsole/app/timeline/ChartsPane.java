package org.coloconsole.app.timeline;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.fxml.FXML;
import org.coloconsole.app.ui.Views;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChartsPane.class);
    private static final Duration SAMPLE_WINDOW = Duration.ofSeconds(3);
    private static final long SAMPLE_EVERY_S = 15;

    private final Viewport viewport = new Viewport();
    private final TimelineSeries series;
    private final TimelineCanvas timeline;
    private final RateChart rate;
    @FXML private VBox root;
    @FXML private VBox charts;
    @FXML private ToggleButton exactToggle;
    @FXML private Label exactStatus;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trace-sampler");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> sampling;
    private PairController controller;

    private ChartsPane(TimelineSeries series) {
        this.series = series;
        timeline = new TimelineCanvas(series, viewport);
        timeline.setId("timeline");
        rate = new RateChart(series, viewport);
        rate.setId("rateChart");
        timeline.setAfterDraw(() -> rate.draw(System.currentTimeMillis()));
    }

    /** The charts of one pair's series, from fxml/Charts.fxml (controller: this class). */
    public static ChartsPane of(TimelineSeries series) {
        ChartsPane c = new ChartsPane(series);
        Views.load("Charts", c);
        return c;
    }

    @FXML
    private void initialize() {
        VBox.setVgrow(timeline, Priority.ALWAYS);
        charts.getChildren().setAll(timeline, rate);
    }

    public VBox root() {
        return root;
    }

    @FXML
    private void onSpan(javafx.event.ActionEvent e) {
        viewport.follow(Long.parseLong((String) ((Button) e.getSource()).getUserData()));
    }

    @FXML
    private void onAll() {
        long first = series.size() == 0 ? System.currentTimeMillis() - 60_000 : series.firstMs();
        long now = System.currentTimeMillis();
        viewport.show(first - 1_000, Math.max(2_000, now - first + 2_000));
    }

    @FXML
    private void onLive() {
        viewport.follow(viewport.span());
    }

    @FXML
    private void onExact() {
        setExact(exactToggle.isSelected());
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
        exactToggle.setSelected(false);
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
            LOG.warn("trace sampling of pair {} failed", c.pair().name(), e);
            Platform.runLater(() -> exactStatus.setText("trace sampling failed: " + e.getMessage()));
        }
    }

    public void close() {
        sampler.shutdownNow();
    }
}
