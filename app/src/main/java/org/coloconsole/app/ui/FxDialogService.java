package org.coloconsole.app.ui;

import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputDialog;
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

    @Override
    public boolean confirm(String header, String text, String okLabel) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, new ButtonType(okLabel, ButtonBar.ButtonData.OK_DONE),
                ButtonType.CANCEL);
        a.initOwner(owner.get());
        a.setHeaderText(header);
        return a.showAndWait().map(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).orElse(false);
    }

    @Override
    public boolean confirmDangerous(String header, String text, String keepLabel, String goLabel) {
        ButtonType keep = new ButtonType(keepLabel, ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonType go = new ButtonType(goLabel, ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, keep, go);
        a.initOwner(owner.get());
        // Enter keeps the safe choice: the dangerous one must be a deliberate click.
        ((Button) a.getDialogPane().lookupButton(go)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(keep)).setDefaultButton(true);
        a.setHeaderText(header);
        return a.showAndWait().map(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).orElse(false);
    }

    @Override
    public Optional<String> ask(String title, String header, String initial, String inputId) {
        TextInputDialog d = new TextInputDialog(initial);
        d.initOwner(owner.get());
        d.setTitle(title);
        d.setHeaderText(header);
        d.getEditor().setId(inputId);
        return d.showAndWait();
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
}
