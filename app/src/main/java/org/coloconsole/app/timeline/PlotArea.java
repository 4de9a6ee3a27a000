package org.coloconsole.app.timeline;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;

/**
 * The frame both charts draw in: the canvas cleared to the background, the plot rectangle inside
 * the margins, and the axes (time below, the value's top and zero on the left).
 *
 * @param left   x of the plot's left edge
 * @param width  the plot's width
 * @param top    y of the plot's top
 * @param base   y of the plot's baseline (zero)
 */
record PlotArea(double left, double width, double top, double base) {

    /** Clears the canvas; the plot area, or null when the canvas is too small to plot in. */
    static PlotArea clear(Canvas canvas, ChartColors c, double left, double right, double top, double bottom) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(c.background());
        g.fillRect(0, 0, w, h);
        if (w < left + right + 10 || h < top + bottom + 10) {
            return null;
        }
        return new PlotArea(left, w - left - right, top, h - bottom);
    }

    /** What a chart draws one frame with: its plot area, the canvas, and the time window shown. */
    record Frame(PlotArea area, GraphicsContext g, long from, long span) {
    }

    /** Clears the canvas for a frame at {@code now}; null when the canvas is too small to plot in. */
    static Frame frame(Canvas canvas, ChartColors c, double left, double right, double top, double bottom, Viewport viewport,
                       long now) {
        PlotArea area = clear(canvas, c, left, right, top, bottom);
        return area == null ? null : new Frame(area, canvas.getGraphicsContext2D(), viewport.from(now), viewport.span());
    }

    double height() {
        return base - top;
    }

    /** Time ticks for [from, from + span) and the value scale's labels ("0" and {@code maxLabel}). */
    void axes(GraphicsContext g, ChartColors c, long from, long span, String maxLabel) {
        TimeAxis.draw(g, c, from, span, left, width, base, top);
        g.setFill(c.text());
        g.fillText(maxLabel, 4, top + 10);
        g.fillText("0", 4, base);
    }
}
