package org.coloconsole.app.wizard;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.stage.Window;
import org.coloconsole.app.ui.Views;

/** The resume wizard's pages (fxml/Resume*.fxml), thin controllers over {@link ResumeWizardModel}. */
public final class ResumeWizardView {
    private ResumeWizardView() {
    }

    public static void open(Window owner, ResumeWizardModel m) {
        WizardView.open(owner, m, p -> switch (p.view) {
            case "ResumePreflight" -> Views.load(p.view, new Check(m));
            case "RunPage" -> RunPageView.of(m.run);
            case "ResumeResult" -> Views.load(p.view, new Result(m));
            default -> throw new IllegalArgumentException("no view for page " + p.view);
        });
    }

    static final class Check {
        @FXML private Label intro;
        @FXML private PreflightView report;
        @FXML private CheckBox anyway;
        private final ResumeWizardModel m;

        Check(ResumeWizardModel m) {
            this.m = m;
        }

        @FXML
        private void initialize() {
            intro.textProperty().bind(m.intro);
            report.setModel(m.preflight);
            anyway.visibleProperty().bind(m.anywayVisible);
            anyway.selectedProperty().bindBidirectional(m.anyway);
        }
    }

    static final class Result {
        @FXML private Label result;
        private final ResumeWizardModel m;

        Result(ResumeWizardModel m) {
            this.m = m;
        }

        @FXML
        private void initialize() {
            result.textProperty().bind(m.resultText);
        }
    }

}
