package org.coloconsole.app.wizard;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.PreflightReport;
import org.coloconsole.engine.model.Role;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.cluster.Slot;

/**
 * Resume replication: 1) preflight of the node that becomes the new secondary, 2) start it, the
 * full resync with a progress bar from the mirror job (offset/len, speed, time left) and COLO
 * re-armed, 3) back to Protected.
 */
public final class ResumeWizard {
    private final Wizard wizard;
    private final PairController controller;
    private final Plan plan;
    private final Slot newSecondary;
    private final Label resultText = new Label();

    public ResumeWizard(Window owner, PairController controller, Plan plan, Slot primaryNow) {
        this.controller = controller;
        this.plan = plan;
        this.newSecondary = primaryNow.other();
        wizard = new Wizard(owner, "Resume replication · pair " + controller.pair().name(), "resumeWizard");
        wizard.add(preflightPage()).add(runPage()).add(resultPage());
    }

    public void open() {
        wizard.open();
    }

    private Wizard.Page preflightPage() {
        PreflightView view = new PreflightView();
        view.setId("rs-preflight");
        Label intro = new Label("The " + newSecondary.label() + " (" + newSecondary.of(controller.pair()).host()
                + ") becomes the new secondary: a fresh QEMU there, and the whole disk copied to it from the "
                + newSecondary.other().label() + ", which keeps serving. Checking it can take the role…");
        intro.setWrapText(true);
        CheckBox anyway = new CheckBox("Go on despite the failed checks (I know why they fail)");
        anyway.setId("rs-anyway");
        anyway.setVisible(false);
        ScrollPane scroll = new ScrollPane(view);
        scroll.setFitToWidth(true);
        VBox box = new VBox(10, intro, scroll, anyway);
        Wizard.Page p = new Wizard.Page("Preflight of the new secondary", box);
        BooleanProperty ok = new SimpleBooleanProperty();
        p.canAdvance().bind(ok.or(anyway.selectedProperty()));
        p.onEnter(() -> Background.run("preflight", () -> controller.preflight(newSecondary, Role.SECONDARY),
                (PreflightReport r) -> {
                    view.show(r);
                    ok.set(r.ok());
                    anyway.setVisible(!r.ok());
                }, e -> {
                    view.showError("preflight of the " + newSecondary.label(), e);
                    anyway.setVisible(true);
                }));
        return p;
    }

    private Wizard.Page runPage() {
        RunPage run = new RunPage("Resync and re-arm COLO", wizard, controller, () -> plan, r -> resultText.setText(r.ok()
                ? "✓ Replication runs again: the " + newSecondary.other().label() + " is the primary, the "
                + newSecondary.label() + " the secondary. The state banner turns Protected once checkpoints flow."
                : "✗ " + r.summary()));
        return run.page();
    }

    private Wizard.Page resultPage() {
        resultText.setWrapText(true);
        resultText.setId("rs-result");
        resultText.getStyleClass().add("state-reason");
        Wizard.Page p = new Wizard.Page("Protected again", new VBox(12, resultText));
        p.canGoBack().set(false);
        return p;
    }
}
