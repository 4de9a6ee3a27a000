package org.coloconsole.app.timeline;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;

/** Time ticks at a round step (1 s … 1 day) chosen so labels never crowd. */
final class TimeAxis {
    private static final long[] STEPS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
        600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000};
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private TimeAxis() {
    }

    static void draw(GraphicsContext g, ChartColors c, long from, long span, double x0, double width, double yBase,
                     double top) {
        long step = STEPS[STEPS.length - 1];
        for (long s : STEPS) {
            if (s * width / span >= 90) {
                step = s;
                break;
            }
        }
        DateTimeFormatter f = step < 60_000 ? SECONDS : step < 86_400_000 ? MINUTES : DAYS;
        g.setTextAlign(TextAlignment.CENTER);
        long first = Math.floorDiv(from, step) * step + step;
        for (long t = first; t < from + span; t += step) {
            double x = x0 + (t - from) * width / span;
            g.setStroke(c.grid());
            g.strokeLine(x, top, x, yBase);
            g.setFill(c.text());
            g.fillText(f.format(Instant.ofEpochMilli(t)), x, yBase + 14);
        }
        g.setTextAlign(TextAlignment.LEFT);
    }
}
