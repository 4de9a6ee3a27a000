package org.coloconsole.app.wizard;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import org.coloconsole.app.ui.Views;

/** Controller of fxml/RunPage.fxml: the run's progress once it started. */
final class RunPageView {
    @FXML private StackPane root;
    private final RunStage stage;

    private RunPageView(RunStage stage) {
        this.stage = stage;
    }

    static Node of(RunStage stage) {
        RunPageView v = new RunPageView(stage);
        Views.load("RunPage", v);
        return v.root;
    }

    @FXML
    private void initialize() {
        stage.progress.addListener((o, was, now) -> root.getChildren().setAll(RunbookProgressView.of(now)));
        if (stage.progress.get() != null) {
            root.getChildren().setAll(RunbookProgressView.of(stage.progress.get()));
        }
    }
}
