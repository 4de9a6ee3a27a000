package org.coloconsole.app.wizard;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.coloconsole.app.ui.Views;

/** The guided failover's pages (fxml/Failover*.fxml), each a thin controller over {@link FailoverWizardModel}. */
public final class FailoverWizardView {
    private FailoverWizardView() {
    }

    public static void open(Window owner, FailoverWizardModel m) {
        WizardView.open(owner, m, p -> page(m, p));
    }

    static Node page(FailoverWizardModel m, WizardModel.Page p) {
        return switch (p.view) {
            case "FailoverSee" -> Views.load(p.view, new See(m));
            case "FailoverFence" -> Views.load(p.view, new Fence(m));
            case "FailoverPlan" -> Views.load(p.view, new PlanPage(m));
            case "RunPage" -> RunPageView.of(m.run);
            case "FailoverResult" -> Views.load(p.view, new Result(m));
            default -> throw new IllegalArgumentException("no view for page " + p.view);
        };
    }

    static final class See {
        @FXML private Label summary;
        @FXML private VBox evidence;
        private final FailoverWizardModel m;

        See(FailoverWizardModel m) {
            this.m = m;
        }

        @FXML
        private void initialize() {
            summary.textProperty().bind(m.summary);
            m.evidence.addListener((javafx.collections.ListChangeListener<String>) c -> show());
            show();
        }

        private void show() {
            evidence.getChildren().setAll(m.evidence.stream().map(line -> {
                Label l = new Label(line);
                l.setWrapText(true);
                return (Node) l;
            }).toList());
        }
    }

    static final class Fence {
        @FXML private Label consequences;
        @FXML private Button fence;
        @FXML private Label fenceResult;
        @FXML private CheckBox confirm;
        private final FailoverWizardModel m;

        Fence(FailoverWizardModel m) {
            this.m = m;
        }

        @FXML
        private void initialize() {
            consequences.textProperty().bind(m.consequences);
            fence.disableProperty().bind(m.fenceDisabled);
            fenceResult.textProperty().bind(m.fenceResult);
            confirm.textProperty().bind(m.confirmText);
            confirm.selectedProperty().bindBidirectional(m.confirmed);
        }

        @FXML
        private void onFence() {
            m.fence();
        }
    }

    static final class PlanPage {
        @FXML private TextArea plan;
        private final FailoverWizardModel m;

        PlanPage(FailoverWizardModel m) {
            this.m = m;
        }

        @FXML
        private void initialize() {
            plan.textProperty().bind(m.planText);
        }
    }

    static final class Result {
        @FXML private Label result;
        private final FailoverWizardModel m;

        Result(FailoverWizardModel m) {
            this.m = m;
        }

        @FXML
        private void initialize() {
            result.textProperty().bind(m.resultText);
        }

        @FXML
        private void onResume() {
            m.resume();
        }
    }
}
