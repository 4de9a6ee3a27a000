package org.coloconsole.app.timeline;

import javafx.scene.paint.Color;

/** The charts' palette for the light and the dark theme (a canvas cannot use the CSS palette). */
public record ChartColors(Color background, Color grid, Color text, Color periodic, Color onDemand, Color operator,
                          Color start, Color exact, Color hover, Color gap, Color probe) {
    public static final ChartColors LIGHT = new ChartColors(Color.web("#ffffff"), Color.web("#e3e6ea"),
            Color.web("#1f2328"), Color.web("#3572b0"), Color.web("#d9480f"), Color.web("#8250df"),
            Color.web("#8c959f"), Color.web("#1a7f37"), Color.web("#1f2328"), Color.web("#cf222e", 0.22),
            Color.web("#0a7d8c"));
    public static final ChartColors DARK = new ChartColors(Color.web("#0d1117"), Color.web("#30363d"),
            Color.web("#e6edf3"), Color.web("#58a6ff"), Color.web("#ff7b39"), Color.web("#bc8cff"),
            Color.web("#8b949e"), Color.web("#3fb950"), Color.web("#e6edf3"), Color.web("#f85149", 0.30),
            Color.web("#39c5cf"));

    Color of(byte cause) {
        return switch (cause) {
            case TimelineSeries.ON_DEMAND -> onDemand;
            case TimelineSeries.OPERATOR -> operator;
            case TimelineSeries.START -> start;
            default -> periodic;
        };
    }
}
