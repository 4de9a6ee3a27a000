package org.coloconsole.app.ui;

import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ScrollPane;
import javafx.stage.Window;
import org.coloconsole.app.profile.ProfileEditorModel;
import org.coloconsole.app.profile.ProfileEditorView;
import org.coloconsole.app.wizard.FailoverWizardModel;
import org.coloconsole.app.wizard.FailoverWizardView;
import org.coloconsole.app.wizard.PreflightModel;
import org.coloconsole.app.wizard.PreflightView;
import org.coloconsole.app.wizard.ResumeWizardModel;
import org.coloconsole.app.wizard.ResumeWizardView;

/** The console's dialogs and windows, over the main window ({@code owner}), in its theme. */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    /** Controller of fxml/Question.fxml and fxml/Ask.fxml. */
    static final class Question {
        @javafx.fxml.FXML
        DialogPane pane;
        @javafx.fxml.FXML
        TextField input;
    }

    private Dialog<ButtonType> question(String fxml, Question q, String header) {
        Views.load(fxml, q);
        Dialog<ButtonType> d = new Dialog<>();
        d.setDialogPane(q.pane);
        d.initOwner(owner.get());
        d.setHeaderText(header);
        return d;
    }

    @Override
    public boolean confirm(String header, String text, String okLabel) {
        Question q = new Question();
        Dialog<ButtonType> d = question("Question", q, header);
        d.setContentText(text);
        q.pane.getButtonTypes().setAll(new ButtonType(okLabel, ButtonBar.ButtonData.OK_DONE), ButtonType.CANCEL);
        return d.showAndWait().map(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).orElse(false);
    }

    @Override
    public boolean confirmDangerous(String header, String text, String keepLabel, String goLabel) {
        Question q = new Question();
        Dialog<ButtonType> d = question("Question", q, header);
        d.setContentText(text);
        ButtonType keep = new ButtonType(keepLabel, ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonType go = new ButtonType(goLabel, ButtonBar.ButtonData.OK_DONE);
        q.pane.getButtonTypes().setAll(keep, go);
        // Enter keeps the safe choice: the dangerous one must be a deliberate click.
        ((Button) q.pane.lookupButton(go)).setDefaultButton(false);
        ((Button) q.pane.lookupButton(keep)).setDefaultButton(true);
        return d.showAndWait().map(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).orElse(false);
    }

    @Override
    public Optional<String> ask(String title, String header, String initial, String inputId) {
        Question q = new Question();
        Dialog<ButtonType> d = question("Ask", q, header);
        d.setTitle(title);
        q.input.setText(initial);
        q.input.setId(inputId);
        javafx.application.Platform.runLater(q.input::requestFocus);
        return d.showAndWait().filter(b -> b == ButtonType.OK).map(b -> q.input.getText());
    }

    @Override
    public void showPreflight(PreflightModel model, String title) {
        PreflightWindow w = new PreflightWindow();
        ScrollPane root = Views.load("Preflight", w);
        w.report.setModel(model);
        Views.window(owner.get(), title, root, 820, 560, false, null).show();
    }

    /** Controller of fxml/Preflight.fxml. */
    static final class PreflightWindow {
        @javafx.fxml.FXML
        PreflightView report;
    }

    @Override
    public void openFailoverWizard(FailoverWizardModel model) {
        FailoverWizardView.open(owner.get(), model);
    }

    @Override
    public void openResumeWizard(ResumeWizardModel model) {
        ResumeWizardView.open(owner.get(), model);
    }

    @Override
    public void openProfileEditor(ProfileEditorModel model) {
        ProfileEditorView.open(owner.get(), model);
    }

    @Override
    public void openDrills(org.coloconsole.app.drill.DrillsModel model) {
        org.coloconsole.app.drill.DrillsView.open(owner.get(), model).show();
    }
}
