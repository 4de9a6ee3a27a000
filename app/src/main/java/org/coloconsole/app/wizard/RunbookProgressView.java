package org.coloconsole.app.wizard;

import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import org.coloconsole.app.ui.Views;

/** Controller of fxml/RunbookProgress.fxml: shows a {@link RunProgressModel}, nothing more. */
public final class RunbookProgressView {
    @FXML private VBox root;
    @FXML private VBox stepList;
    @FXML private TextArea runDetail;
    @FXML private ProgressBar runBar;
    @FXML private Label runBarText;
    @FXML private Label runOutcome;
    private final RunProgressModel model;

    private RunbookProgressView(RunProgressModel model) {
        this.model = model;
    }

    /** The view of {@code model}, loaded from its FXML. */
    public static VBox of(RunProgressModel model) {
        RunbookProgressView c = new RunbookProgressView(model);
        Views.load("RunbookProgress", c);
        c.root.setUserData(model); // what it shows, for tests and tools that find the view
        return c.root;
    }

    @FXML
    private void initialize() {
        for (int i = 0; i < model.rows.size(); i++) {
            RunProgressModel.Row row = model.rows.get(i);
            Label l = new Label();
            l.getStyleClass().add("step-line");
            l.setId("step-" + i);
            l.textProperty().bind(row.text);
            row.style.addListener((o, was, now) -> {
                l.getStyleClass().removeAll("step-running", "step-done", "step-failed", "step-skipped");
                if (!now.isEmpty()) {
                    l.getStyleClass().add(now);
                }
            });
            stepList.getChildren().add(l);
        }
        runDetail.textProperty().bind(model.detail);
        // Follow the newest line, as a terminal does.
        runDetail.textProperty().addListener((o, was, now) -> runDetail.setScrollTop(Double.MAX_VALUE));
        runBar.visibleProperty().bind(model.barVisible);
        runBar.progressProperty().bind(Bindings.createDoubleBinding(
                () -> model.progress.get() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : model.progress.get(), model.progress));
        runBarText.textProperty().bind(model.barText);
        runOutcome.textProperty().bind(model.outcome);
        model.outcomeStyle.addListener((o, was, now) -> {
            runOutcome.getStyleClass().removeAll("outcome-ok", "outcome-failed");
            runOutcome.getStyleClass().add(now);
        });
    }
}
