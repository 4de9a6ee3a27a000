package org.coloconsole.app.wizard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.model.StepInfo;

/**
 * A runbook as it runs, for {@link RunbookProgressView}: one row per step that ticks (○ waiting,
 * ◐ running, ✓ done, ↷ already done, ✗ failed, ↺ undone), the exact commands and answers, and the
 * progress of a long step (the resync). The {@link #listener()} is called on the engine's thread
 * and hands every change to the FX side.
 */
public final class RunProgressModel {
    /** One step's line: its symbol and text, and a style class (step-running, step-done, …). */
    public static final class Row {
        public final StringProperty text = new SimpleStringProperty();
        public final StringProperty style = new SimpleStringProperty("");
        private final String label;

        Row(String label) {
            this.label = label;
            text.set("○  " + label);
        }

        void mark(String symbol, String styleClass) {
            text.set(symbol + "  " + label);
            style.set(styleClass);
        }
    }

    public final List<Row> rows;
    public final StringProperty detail = new SimpleStringProperty("");
    public final DoubleProperty progress = new SimpleDoubleProperty(0);
    public final BooleanProperty barVisible = new SimpleBooleanProperty(false);
    public final StringProperty barText = new SimpleStringProperty("");
    public final StringProperty outcome = new SimpleStringProperty("");
    public final StringProperty outcomeStyle = new SimpleStringProperty("");
    public final BooleanProperty finished = new SimpleBooleanProperty(false);
    private final UiThreads ui;
    private final List<Double> fractionsSeen = new CopyOnWriteArrayList<>();
    private volatile double lastFraction = -1;

    public RunProgressModel(Plan plan, UiThreads ui) {
        this.ui = ui;
        this.rows = plan.stepInfos().stream().map(s -> new Row((s.index() + 1) + ". " + s.slot().label() + ": " + s.title()))
                .toList();
    }

    /** Every fraction the progress bar showed (the resync's progress, in order). */
    public List<Double> fractionsSeen() {
        return List.copyOf(fractionsSeen);
    }

    private void mark(StepInfo step, String symbol, String style) {
        if (step.index() >= 0 && step.index() < rows.size()) {
            rows.get(step.index()).mark(symbol, style);
        }
    }

    private void markAndNote(StepInfo step, String symbol, String style, String text) {
        ui.onFx(() -> {
            mark(step, symbol, style);
            note(text);
        });
    }

    private void note(String text) {
        detail.set(detail.get() + text + "\n");
    }

    /** What the run failed with before it could start (refused: the pair is busy, say). */
    public void refused(Throwable e) {
        ui.onFx(() -> {
            outcomeStyle.set("outcome-failed");
            outcome.set("✗ " + e.getMessage());
            finished.set(true);
        });
    }

    public RunListener listener() {
        return new RunListener() {
            @Override
            public void stepStarted(int index, int total, StepInfo step) {
                ui.onFx(() -> {
                    mark(step, "◐", "step-running");
                    note("[" + (index + 1) + "/" + total + "] " + step.slot().label() + ": " + step.title());
                });
            }

            @Override
            public void sent(StepInfo step, String what) {
                ui.onFx(() -> note("   → " + what));
            }

            @Override
            public void answered(StepInfo step, String answer) {
                ui.onFx(() -> {
                    note("   ← " + answer);
                    if (step.check() == null) {
                        mark(step, "✓", "step-done");
                    }
                });
            }

            @Override
            public void checked(StepInfo step, String observed) {
                markAndNote(step, "✓", "step-done", "   ✓ " + observed);
            }

            @Override
            public void skipped(StepInfo step, String reason) {
                markAndNote(step, "↷", "step-skipped", "   ↷ already done: " + reason);
            }

            @Override
            public void progress(StepInfo step, String text, double fraction) {
                if (fraction >= 0) {
                    fractionsSeen.add(fraction);
                }
                lastFraction = fraction;
                ui.onFx(() -> {
                    barVisible.set(true);
                    progress.set(fraction >= 0 ? fraction : -1);
                    barText.set(text);
                });
            }

            @Override
            public void stepFailed(StepInfo step, String error) {
                markAndNote(step, "✗", "step-failed", "   ✗ " + error);
            }

            @Override
            public void undone(StepInfo step, boolean ok, String answer) {
                markAndNote(step, ok ? "↺" : "✗", ok ? "step-skipped" : "step-failed",
                        (ok ? "   ↺ undone: " : "   ✗ UNDO FAILED: ") + step.undo() + " → " + answer);
            }

            @Override
            public void finished(RunResult r) {
                ui.onFx(() -> {
                    if (lastFraction >= 0 && r.ok()) {
                        progress.set(1);
                    }
                    outcomeStyle.set(r.ok() ? "outcome-ok" : "outcome-failed");
                    outcome.set(r.ok() ? "✓ " + r.summary() : "✗ " + r.summary()
                            + "\nThe steps before it that can be taken back were undone, newest first (↺ above); the "
                            + "rest is as the failed step left it (see the log and the journal). Fix the cause named "
                            + "above, then run this again: steps already done are recognised and skipped where the "
                            + "runbook can tell.");
                    finished.set(true);
                });
            }
        };
    }
}
