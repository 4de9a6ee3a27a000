package org.coloconsole.app.timeline;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;

/**
 * The packet mismatch rate over the timeline's window: on-demand checkpoints per minute (each
 * one is colo-compare finding the outputs differ), and — when exact counts are on — the
 * mismatches colo-compare traced in each sampling window, scaled to per minute.
 */
public final class RateChart extends Region {
    private static final double LEFT = 56;
    private static final double RIGHT = 12;
    private static final double TOP = 18;
    private static final double BOTTOM = 22;

    /** One trace sample: mismatches counted in [atMs - windowMs, atMs). */
    public record ExactSample(long atMs, long windowMs, long mismatches) {
    }

    private final Canvas canvas = new Canvas();
    private final TimelineSeries series;
    private final Viewport viewport;
    private final List<ExactSample> exact = new ArrayList<>();
    private ChartColors colors = ChartColors.LIGHT;
    private boolean showExact;

    public RateChart(TimelineSeries series, Viewport viewport) {
        this.series = series;
        this.viewport = viewport;
        getStyleClass().add("rate-chart");
        getChildren().add(canvas);
        setMinHeight(90);
        setPrefHeight(120);
    }

    public void setColors(ChartColors c) {
        colors = c;
    }

    public void setShowExact(boolean on) {
        showExact = on;
    }

    public void addExact(ExactSample s) {
        exact.add(s);
        if (exact.size() > 10_000) {
            exact.remove(0);
        }
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(snapSizeX(getWidth()));
        canvas.setHeight(snapSizeY(getHeight()));
        setClip(new javafx.scene.shape.Rectangle(canvas.getWidth(), canvas.getHeight())); // regions do not clip
        draw(System.currentTimeMillis());
    }

    public void draw(long now) {
        PlotArea.Frame f = PlotArea.frame(canvas, colors, LEFT, RIGHT, TOP, BOTTOM, viewport, now);
        if (f == null) {
            return;
        }
        PlotArea area = f.area();
        GraphicsContext g = f.g();
        // At least a minute per bin (the unit of the rate), at most ~60 bins across.
        long bin = Math.max(60_000, (f.span() / 60 + 59_999) / 60_000 * 60_000);
        long first = Math.floorDiv(f.from(), bin) * bin;
        int bins = (int) ((f.from() + f.span() - first + bin - 1) / bin);
        double[] rate = new double[bins];
        double max = 1;
        for (int b = 0; b < bins; b++) {
            long t0 = first + b * bin;
            rate[b] = series.onDemandBetween(t0, t0 + bin) * 60_000.0 / bin;
            max = Math.max(max, rate[b]);
        }
        List<double[]> points = new ArrayList<>();
        if (showExact) {
            for (ExactSample s : exact) {
                if (s.atMs() >= f.from() && s.atMs() < f.from() + f.span() && s.windowMs() > 0) {
                    double perMinute = s.mismatches() * 60_000.0 / s.windowMs();
                    points.add(new double[] {s.atMs(), perMinute});
                    max = Math.max(max, perMinute);
                }
            }
        }
        area.axes(g, colors, f.from(), f.span(), String.format("%.0f/min", max));
        g.setFill(colors.onDemand());
        double pxPerMs = area.width() / f.span();
        for (int b = 0; b < bins; b++) {
            if (rate[b] <= 0) {
                continue;
            }
            long t0 = first + b * bin;
            double x0 = LEFT + Math.max(0, (t0 - f.from()) * pxPerMs);
            double x1 = LEFT + Math.min(area.width(), (t0 + bin - f.from()) * pxPerMs);
            double bar = rate[b] / max * area.height();
            g.fillRect(x0 + 1, area.base() - bar, Math.max(1, x1 - x0 - 2), bar);
        }
        g.setStroke(colors.exact());
        g.setFill(colors.exact());
        double px = Double.NaN;
        double py = Double.NaN;
        for (double[] p : points) {
            double x = LEFT + (p[0] - f.from()) * pxPerMs;
            double y = area.base() - p[1] / max * area.height();
            g.fillOval(x - 3, y - 3, 6, 6);
            if (!Double.isNaN(px)) {
                g.strokeLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        g.setFill(colors.text());
        g.fillText("on-demand checkpoints per minute" + (showExact ? " · dots: exact mismatches per minute (trace samples: "
                + points.size() + ")" : ""), LEFT, 12);
    }
}
