package org.coloconsole.app.wizard;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.StepInfo;

/**
 * A runbook as it runs: one line per step that ticks (○ waiting, ◐ running, ✓ done, ↷ already
 * done, ✗ failed), the exact command and QEMU's answer below, and a progress bar for long
 * steps (the resync). {@link #listener()} is called on the engine's thread; it hops to FX.
 */
public final class RunbookProgressView extends VBox {
    private final List<Label> lines = new ArrayList<>();
    private final List<StepInfo> steps;
    private final TextArea detail = new TextArea();
    private final ProgressBar bar = new ProgressBar(0);
    private final Label barText = new Label();
    private final Label outcome = new Label();
    private volatile double lastFraction = -1;
    private final List<Double> fractionsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();

    public RunbookProgressView(Plan rb) {
        this.steps = rb.stepInfos();
        setSpacing(8);
        VBox list = new VBox(2);
        list.setPadding(new Insets(4));
        for (int i = 0; i < steps.size(); i++) {
            StepInfo s = steps.get(i);
            Label l = new Label("○  " + (i + 1) + ". " + s.slot().label() + ": " + s.title());
            l.getStyleClass().add("step-line");
            l.setId("step-" + i);
            lines.add(l);
            list.getChildren().add(l);
        }
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.setPrefHeight(230);
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.setPrefRowCount(7);
        detail.setId("runDetail");
        detail.getStyleClass().add("mono");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setId("runBar");
        bar.setVisible(false);
        barText.setId("runBarText");
        outcome.setId("runOutcome");
        outcome.setWrapText(true);
        outcome.getStyleClass().add("run-outcome");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(scroll, bar, barText, detail, outcome);
    }

    /** Every fraction the progress bar showed (the resync's progress, in order). */
    public List<Double> fractionsSeen() {
        return List.copyOf(fractionsSeen);
    }

    public Label outcome() {
        return outcome;
    }

    private void mark(StepInfo step, String symbol, String style) {
        int i = step.index();
        if (i < 0 || i >= lines.size()) {
            return;
        }
        Label l = lines.get(i);
        l.setText(symbol + l.getText().substring(1));
        l.getStyleClass().removeAll("step-running", "step-done", "step-failed", "step-skipped");
        l.getStyleClass().add(style);
    }

    private void note(String text) {
        detail.appendText(text + "\n");
    }

    public RunListener listener() {
        return new RunListener() {
            @Override
            public void stepStarted(int index, int total, StepInfo step) {
                Platform.runLater(() -> {
                    mark(step, "◐", "step-running");
                    note("[" + (index + 1) + "/" + total + "] " + step.slot().label() + ": " + step.title());
                });
            }

            @Override
            public void sent(StepInfo step, String what) {
                Platform.runLater(() -> note("   → " + what));
            }

            @Override
            public void answered(StepInfo step, String answer) {
                Platform.runLater(() -> {
                    note("   ← " + answer);
                    if (step.check() == null) {
                        mark(step, "✓", "step-done");
                    }
                });
            }

            @Override
            public void checked(StepInfo step, String observed) {
                Platform.runLater(() -> {
                    note("   ✓ " + observed);
                    mark(step, "✓", "step-done");
                });
            }

            @Override
            public void skipped(StepInfo step, String reason) {
                Platform.runLater(() -> {
                    mark(step, "↷", "step-skipped");
                    note("   ↷ already done: " + reason);
                });
            }

            @Override
            public void progress(StepInfo step, String text, double fraction) {
                if (fraction >= 0) {
                    fractionsSeen.add(fraction);
                }
                lastFraction = fraction;
                Platform.runLater(() -> {
                    bar.setVisible(true);
                    bar.setProgress(fraction >= 0 ? fraction : ProgressBar.INDETERMINATE_PROGRESS);
                    barText.setText(text);
                });
            }

            @Override
            public void stepFailed(StepInfo step, String error) {
                Platform.runLater(() -> {
                    mark(step, "✗", "step-failed");
                    note("   ✗ " + error);
                });
            }

            @Override
            public void finished(RunResult r) {
                Platform.runLater(() -> {
                    if (lastFraction >= 0 && r.ok()) {
                        bar.setProgress(1);
                    }
                    outcome.getStyleClass().removeAll("outcome-ok", "outcome-failed");
                    outcome.getStyleClass().add(r.ok() ? "outcome-ok" : "outcome-failed");
                    outcome.setText(r.ok() ? "✓ " + r.summary() : "✗ " + r.summary()
                            + "\nNothing was rolled back: both nodes are as the failed step left them (see the "
                            + "log and the journal). Fix the cause named above, then run this again: steps "
                            + "already done are recognised and skipped where the runbook can tell.");
                });
            }
        };
    }
}
