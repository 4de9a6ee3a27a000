package org.coloconsole.app.timeline;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;

/**
 * The checkpoint timeline: each checkpoint a mark whose height is its pause (and, zoomed in far
 * enough, whose width is its pause on the time axis), periodic and on-demand in different
 * colours; drag to pan, wheel to zoom, double-click to follow live, hover for details.
 *
 * <p>A frame costs one pass over the checkpoints in view plus one over the pixel columns: each
 * column keeps the largest pause it covers, so a million checkpoints at full zoom-out draw as
 * ~1,000 rectangles, never a million.
 */
public final class TimelineCanvas extends Region {
    private static final double LEFT = 56;
    private static final double RIGHT = 12;
    private static final double TOP = 22;
    private static final double BOTTOM = 22;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final Canvas canvas = new Canvas();
    private final TimelineSeries series;
    private final Viewport viewport;
    private ChartColors colors = ChartColors.LIGHT;
    private double hoverX = -1;
    private double dragX = Double.NaN;
    private long drawnSeries = -1;
    private long drawnViewport = -1;
    private long lastDrawNanos;
    private boolean dirty = true;
    private String hoverText = "";
    private Runnable afterDraw = () -> { };
    private ProbeSeries probe;
    private long drawnProbe = -1;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            // Redraw only when something changed; a live view also moves with time (4 times a second).
            boolean changed = dirty || drawnSeries != series.version() || drawnViewport != viewport.version()
                    || probe != null && drawnProbe != probe.version();
            if (changed || viewport.live() && now - lastDrawNanos > 250_000_000L) {
                draw(System.currentTimeMillis());
                lastDrawNanos = now;
            }
        }
    };

    public TimelineCanvas(TimelineSeries series, Viewport viewport) {
        this.series = series;
        this.viewport = viewport;
        getStyleClass().add("timeline");
        getChildren().add(canvas);
        setMinHeight(120);
        setPrefHeight(170);
        canvas.setOnMouseMoved(e -> {
            hoverX = e.getX();
            dirty = true;
        });
        canvas.setOnMouseExited(e -> {
            hoverX = -1;
            dirty = true;
        });
        canvas.setOnMousePressed(e -> dragX = e.getX());
        canvas.setOnMouseDragged(e -> {
            if (!Double.isNaN(dragX)) {
                long now = System.currentTimeMillis();
                viewport.pan(Math.round((dragX - e.getX()) * msPerPixel()), now);
                dragX = e.getX();
            }
        });
        canvas.setOnMouseReleased(e -> dragX = Double.NaN);
        canvas.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                viewport.follow(viewport.span());
            }
        });
        canvas.setOnScroll(e -> {
            long now = System.currentTimeMillis();
            long anchor = timeAt(e.getX(), now);
            viewport.zoom(e.getDeltaY() > 0 ? 0.8 : 1.25, anchor, now);
        });
        sceneProperty().addListener((o, was, scene) -> {
            if (scene == null) {
                timer.stop();
            } else {
                timer.start();
            }
        });
    }

    public void setColors(ChartColors c) {
        colors = c;
        dirty = true;
    }

    /** What the service probe saw (drawn behind the checkpoints: latency line, gaps as red bands); null: none. */
    public void setProbe(ProbeSeries p) {
        probe = p;
        dirty = true;
    }

    /** The clients' gaps that overlap the window now, as {start, end} epoch ms (tests, keyboard users). */
    public List<long[]> gapsInView(long now) {
        List<long[]> out = new java.util.ArrayList<>();
        if (probe == null) {
            return out;
        }
        long from = viewport.from(now);
        long to = from + viewport.span();
        for (long[] g : probe.gaps()) {
            if (g[1] >= from && g[0] <= to) {
                out.add(g);
            }
        }
        return out;
    }

    /** Called after each frame (the rate chart follows the same viewport). */
    public void setAfterDraw(Runnable r) {
        afterDraw = r;
    }

    /** What the hover box says now ("" when the pointer is not over a checkpoint). */
    public String hoverText() {
        return hoverText;
    }

    /** The x coordinate of instant {@code t} in the frame drawn for {@code now}. */
    public double xOf(long t, long now) {
        return LEFT + (t - viewport.from(now)) * plotWidth() / viewport.span();
    }

    /** Moves the pointer to x for hover, as the mouse would (tests, keyboard). */
    public void hoverAt(double x) {
        hoverX = x;
        dirty = true;
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            setClip(new javafx.scene.shape.Rectangle(w, h)); // a region does not clip its children
            dirty = true;
        }
    }

    private double plotWidth() {
        return Math.max(1, canvas.getWidth() - LEFT - RIGHT);
    }

    private double msPerPixel() {
        return viewport.span() / plotWidth();
    }

    private long timeAt(double x, long now) {
        return viewport.from(now) + Math.round((x - LEFT) * msPerPixel());
    }

    /** Draws one frame for the instant {@code now}. */
    public void draw(long now) {
        dirty = false;
        drawnSeries = series.version();
        drawnViewport = viewport.version();
        PlotArea.Frame f = PlotArea.frame(canvas, colors, LEFT, RIGHT, TOP, BOTTOM, viewport, now);
        if (f == null) {
            return;
        }
        PlotArea area = f.area();
        GraphicsContext g = f.g();
        int columns = (int) Math.ceil(area.width());
        // Pass 1: per column, the largest pause and the "worst" cause it covers.
        float[] colPause = new float[columns];
        byte[] colCause = new byte[columns];
        int[] colCount = new int[columns];
        float maxPause = 1;
        double pxPerMs = area.width() / f.span();
        int lo = series.lowerBound(f.from());
        int hi = series.lowerBound(f.from() + f.span());
        if (hi - lo > 8 * columns) {
            // Zoomed out: whole blocks of 32 checkpoints at a time, single ones at the edges.
            series.updateBlocks();
            int firstBlock = (lo + TimelineSeries.BLOCK - 1) / TimelineSeries.BLOCK;
            int lastBlock = hi / TimelineSeries.BLOCK;
            int edge = Math.min(hi, firstBlock * TimelineSeries.BLOCK);
            for (int i = lo; i < edge; i++) {
                maxPause = mark(i, f.from(), pxPerMs, columns, colPause, colCause, colCount, maxPause);
            }
            for (int b = firstBlock; b < lastBlock; b++) {
                int c = (int) ((series.startMs(b * TimelineSeries.BLOCK) - f.from()) * pxPerMs);
                if (c < 0 || c >= columns) {
                    continue;
                }
                maxPause = column(c, series.blockMax(b), series.blockCause(b), TimelineSeries.BLOCK, colPause, colCause,
                        colCount, maxPause);
            }
            for (int i = Math.max(edge, lastBlock * TimelineSeries.BLOCK); i < hi; i++) {
                maxPause = mark(i, f.from(), pxPerMs, columns, colPause, colCause, colCount, maxPause);
            }
        } else {
            for (int i = lo; i < hi; i++) {
                maxPause = mark(i, f.from(), pxPerMs, columns, colPause, colCause, colCount, maxPause);
            }
        }
        area.axes(g, colors, f.from(), f.span(), String.format("%.0f ms", maxPause));
        g.setStroke(colors.grid());
        g.strokeLine(LEFT, area.base(), LEFT + area.width(), area.base());
        drawProbe(g, f.from(), f.span(), area.width(), area.base(), area.height());
        // Pass 2: one rectangle per column; zoomed in, the width is the pause itself.
        double pauseWidthScale = pxPerMs;
        for (int c = 0; c < columns; c++) {
            if (colCount[c] == 0) {
                continue;
            }
            double bar = Math.max(2, colPause[c] / maxPause * area.height());
            double width = Math.max(2, colPause[c] * pauseWidthScale);
            g.setFill(colors.of(colCause[c]));
            g.fillRect(LEFT + c, area.base() - bar, width, bar);
        }
        legend(g, hi - lo);
        hover(g, f.from(), f.span(), area.width(), area.base(), now);
        afterDraw.run();
    }

    /**
     * The clients' view behind the checkpoints: each gap a red band with its length, the probe's
     * latency a thin line on its own scale (its maximum in view at the top right), failed probes
     * as ticks on the base line.
     */
    private void drawProbe(GraphicsContext g, long from, long span, double pw, double base, double ph) {
        drawnProbe = probe == null ? -1 : probe.version();
        if (probe == null) {
            return;
        }
        double pxPerMs = pw / span;
        int shown = 0;
        double lastLabelEnd = -1;
        for (long[] gap : probe.gaps()) {
            double x0 = LEFT + Math.max(0, (gap[0] - from) * pxPerMs);
            double x1 = LEFT + Math.min(pw, (gap[1] - from) * pxPerMs);
            if (x1 < LEFT || x0 > LEFT + pw) {
                continue;
            }
            g.setFill(colors.gap());
            g.fillRect(x0, base - ph, Math.max(3, x1 - x0), ph);
            // Labels of gaps close together go on lower rows instead of over each other.
            double lx = Math.min(x0 + 2, LEFT + pw - 120);
            shown = lx < lastLabelEnd ? shown + 1 : 0;
            lastLabelEnd = lx + 120;
            g.setFill(colors.text());
            g.fillText(String.format("clients: %.1f s gap", (gap[1] - gap[0]) / 1000.0), lx, base - ph + 26 + 14 * (shown % 4));
        }
        int lo = probe.lowerBound(from);
        int hi = probe.lowerBound(from + span);
        if (hi <= lo) {
            return;
        }
        int columns = (int) Math.ceil(pw);
        float[] col = new float[columns];
        java.util.Arrays.fill(col, -2);
        float max = 1;
        for (int i = lo; i < hi; i++) {
            int c = (int) ((probe.atMs(i) - from) * pxPerMs);
            if (c < 0 || c >= columns) {
                continue;
            }
            float v = probe.latencyMs(i);
            col[c] = v < 0 ? Math.max(col[c], -1) : Math.max(col[c], v);
            max = Math.max(max, v);
        }
        g.setStroke(colors.probe());
        g.setLineWidth(1);
        double prevX = Double.NaN;
        double prevY = Double.NaN;
        for (int c = 0; c < columns; c++) {
            if (col[c] == -1) {
                g.strokeLine(LEFT + c, base, LEFT + c, base - 6);
                prevX = Double.NaN;
            } else if (col[c] >= 0) {
                double y = base - col[c] / max * ph * 0.9;
                if (!Double.isNaN(prevX)) {
                    g.strokeLine(prevX, prevY, LEFT + c, y);
                }
                prevX = LEFT + c;
                prevY = y;
            }
        }
        g.setFill(colors.probe());
        g.fillText(String.format("client latency (line, max %.0f ms)", max), LEFT + 6, TOP + 12);
    }

    private float mark(int i, long from, double pxPerMs, int columns, float[] colPause, byte[] colCause, int[] colCount,
                       float maxPause) {
        int c = (int) ((series.startMs(i) - from) * pxPerMs);
        if (c < 0 || c >= columns) {
            return maxPause;
        }
        return column(c, series.pauseMs(i), series.cause(i), 1, colPause, colCause, colCount, maxPause);
    }

    /** Folds a checkpoint (or a block of them) into its pixel column: the largest pause, the most telling cause. */
    private static float column(int c, float pause, byte cause, int n, float[] colPause, byte[] colCause, int[] colCount,
                                float maxPause) {
        colCount[c] += n;
        if (pause > colPause[c]) {
            colPause[c] = pause;
        }
        if (cause == TimelineSeries.ON_DEMAND || colCount[c] == n) {
            colCause[c] = cause;
        }
        return Math.max(maxPause, pause);
    }

    private void legend(GraphicsContext g, int inView) {
        double x = LEFT;
        x = key(g, x, colors.periodic(), "periodic");
        x = key(g, x, colors.onDemand(), "on demand");
        x = key(g, x, colors.operator(), "operator");
        if (probe != null) {
            x = key(g, x, colors.gap(), "client gap");
        }
        g.setFill(colors.text());
        g.fillText(inView + " checkpoints in view" + (viewport.live() ? " · live" : ""), x + 12, 14);
    }

    private double key(GraphicsContext g, double x, javafx.scene.paint.Color c, String label) {
        g.setFill(c);
        g.fillRect(x, 5, 10, 10);
        g.setFill(colors.text());
        g.fillText(label, x + 14, 14);
        return x + 14 + label.length() * 7 + 14;
    }

    private void hover(GraphicsContext g, long from, long span, double pw, double base, long now) {
        hoverText = "";
        if (hoverX < LEFT || hoverX > LEFT + pw) {
            return;
        }
        long t = from + Math.round((hoverX - LEFT) * span / pw);
        double x = hoverX;
        if (series.size() > 0) {
            int i = series.nearest(t);
            double cx = LEFT + (series.startMs(i) - from) * pw / span;
            if (Math.abs(cx - hoverX) <= 8) {
                x = cx;
                hoverText = String.format("#%d at %s · pause %.1f ms · %s", series.checkpointIndex(i),
                        TIME.format(Instant.ofEpochMilli(series.startMs(i))), series.pauseMs(i),
                        TimelineSeries.causeName(series.cause(i)));
            }
        }
        if (hoverText.isEmpty() && probe != null) {
            for (long[] gap : probe.gaps()) {
                if (t >= gap[0] - 2 * span / pw && t <= gap[1] + 2 * span / pw) {
                    hoverText = String.format("clients saw nothing for %d ms (%s → %s)", gap[1] - gap[0],
                            TIME.format(Instant.ofEpochMilli(gap[0])), TIME.format(Instant.ofEpochMilli(gap[1])));
                }
            }
        }
        if (hoverText.isEmpty()) {
            return;
        }
        g.setStroke(colors.hover());
        g.strokeLine(x, TOP, x, base);
        double boxW = hoverText.length() * 6.6 + 12;
        double bx = Math.min(x + 8, canvas.getWidth() - boxW - 2);
        g.setFill(colors.background());
        g.fillRect(bx, TOP + 2, boxW, 20);
        g.setStroke(colors.grid());
        g.strokeRect(bx, TOP + 2, boxW, 20);
        g.setFill(colors.text());
        g.fillText(hoverText, bx + 6, TOP + 16);
    }
}
