package org.coloconsole.app.wizard;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.coloconsole.app.ui.Views;

/** Controller of fxml/Wizard.fxml: the frame of any {@link WizardModel}; each page's view comes from {@code pages}. */
public final class WizardView {
    @FXML private BorderPane root;
    @FXML private Label heading;
    @FXML private Label steps;
    @FXML private StackPane body;
    @FXML private Button back;
    @FXML private Button next;
    @FXML private Button cancel;
    private final WizardModel model;
    private final Function<WizardModel.Page, Node> pages;
    private final Map<WizardModel.Page, Node> shown = new HashMap<>();

    private WizardView(WizardModel model, Function<WizardModel.Page, Node> pages) {
        this.model = model;
        this.pages = pages;
    }

    /** Opens the wizard in a window of its own over {@code owner}, on its first page. */
    public static Stage open(Window owner, WizardModel model, Function<WizardModel.Page, Node> pages) {
        WizardView v = new WizardView(model, pages);
        Views.load("Wizard", v);
        Stage stage = Views.window(owner, model.title, v.root, 820, 600, true, model.closed);
        // The window's own close button obeys Cancel: not while a runbook runs.
        stage.setOnCloseRequest(e -> {
            if (model.cancelDisabled.get()) {
                e.consume();
            }
        });
        model.open();
        stage.show();
        return stage;
    }

    @FXML
    private void initialize() {
        root.setId(model.id);
        heading.setId(model.id + "-heading");
        back.setId(model.id + "-back");
        next.setId(model.id + "-next");
        cancel.setId(model.id + "-cancel");
        heading.textProperty().bind(model.heading);
        steps.textProperty().bind(model.stepText);
        next.textProperty().bind(model.nextText);
        back.disableProperty().bind(model.backDisabled);
        next.disableProperty().bind(model.nextDisabled);
        cancel.disableProperty().bind(model.cancelDisabled);
        model.at.addListener((o, was, now) -> {
            WizardModel.Page p = model.pages.get(now.intValue());
            body.getChildren().setAll(shown.computeIfAbsent(p, pages));
        });
    }

    @FXML
    private void onBack() {
        model.back();
    }

    @FXML
    private void onNext() {
        model.next();
    }

    @FXML
    private void onCancel() {
        model.cancel();
    }
}
