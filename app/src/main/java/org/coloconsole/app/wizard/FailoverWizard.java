package org.coloconsole.app.wizard;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.coloconsole.engine.control.FailoverAssessment;
import org.coloconsole.engine.model.FenceOutcome;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.Plan;

/**
 * Guided failover, five pages: 1) what the engine sees, 2) make sure the peer is dead (fence, or
 * the operator confirms, consequences stated), 3) the plan (dry run: steps and exact commands),
 * 4) execution with a tick per step, 5) the result and the offer to resume replication.
 */
public final class FailoverWizard {
    private final Wizard wizard;
    private final PairController controller;
    private FailoverAssessment assessment;
    private Plan plan;
    private final BooleanProperty fenced = new SimpleBooleanProperty();
    private final Label resultText = new Label();
    private final Runnable offerResume;

    public FailoverWizard(Window owner, PairController controller, Runnable offerResume) {
        this.controller = controller;
        this.offerResume = offerResume;
        wizard = new Wizard(owner, "Guided failover · pair " + controller.pair().name(), "failoverWizard");
        wizard.add(seePage()).add(fencePage()).add(planPage()).add(runPage()).add(resultPage());
    }

    public void open() {
        wizard.open();
    }

    private Wizard.Page seePage() {
        VBox box = new VBox(8);
        Label summary = new Label("Asking both nodes…");
        summary.setId("fo-summary");
        summary.setWrapText(true);
        summary.getStyleClass().add("state-reason");
        VBox evidence = new VBox(4);
        evidence.setId("fo-evidence");
        box.getChildren().addAll(summary, new Label("Evidence, gathered now:"), evidence);
        Wizard.Page p = new Wizard.Page("What the engine sees", box);
        p.canAdvance().set(false);
        p.onEnter(() -> {
            p.canAdvance().set(false);
            Background.run("assess-failover", controller::assessFailover, a -> {
                assessment = a;
                evidence.getChildren().clear();
                for (String line : a.evidence()) {
                    Label l = new Label("• " + line);
                    l.setWrapText(true);
                    evidence.getChildren().add(l);
                }
                if (!a.possible()) {
                    summary.setText("✗ No failover possible: " + a.blocker());
                } else {
                    summary.setText("The " + a.gone().label() + " is gone" + (a.peerAnswers() ? " — BUT ITS QEMU STILL ANSWERS" : "")
                            + ". The " + a.survivor().label() + " (COLO " + a.survivorRole().name().toLowerCase()
                            + ") would take over and run alone.");
                    plan = controller.failoverPlan(a);
                    p.canAdvance().set(true);
                }
            }, e -> summary.setText("✗ Could not assess the pair: " + e.getMessage()));
        });
        return p;
    }

    private Wizard.Page fencePage() {
        VBox box = new VBox(10);
        Label consequences = new Label();
        consequences.setWrapText(true);
        consequences.setId("fo-consequences");
        consequences.getStyleClass().add("warning-text");
        Button fence = new Button("Fence it with its agent (off, status, then silent probes)");
        fence.setId("fo-fence");
        Label fenceResult = new Label();
        fenceResult.setWrapText(true);
        fenceResult.setId("fo-fenceResult");
        CheckBox confirm = new CheckBox();
        confirm.setId("fo-confirm");
        confirm.setWrapText(true);
        box.getChildren().addAll(consequences, new Label("Either let the console fence it:"), fence, fenceResult,
                new Label("or confirm it yourself:"), confirm);
        Wizard.Page p = new Wizard.Page("Make sure the peer is really dead", box);
        p.canAdvance().bind(Bindings.or(fenced, confirm.selectedProperty()));
        p.onEnter(() -> {
            String gone = assessment.gone().label();
            consequences.setText("If the " + gone + " still runs its VM and the " + assessment.survivor().label()
                    + " takes over, two copies of the VM serve clients and write their disks: split brain, and "
                    + "data written on one side is lost. Power it off or isolate it first."
                    + (assessment.peerAnswers() ? "\n\nWARNING: the " + gone + "'s QEMU still answers on QMP right now." : ""));
            confirm.setText("I confirm the " + gone + " is powered off or cut off from clients and from the "
                    + assessment.survivor().label() + " (I checked it myself).");
            var spec = assessment.gone().of(controller.pair()).fence();
            fence.setDisable(spec == null);
            fenceResult.setText(spec != null ? "The " + gone + "'s fence: " + spec.shown("off")
                    + "\nIt counts only when the agent says off, its status says off, and the " + gone
                    + " then stays silent for " + spec.verifyProbes() + " probes."
                    : "No fence is configured for the " + gone + " (profile key " + assessment.gone().of(controller.pair()).role()
                    + ".fence).");
        });
        fence.setOnAction(e -> {
            fence.setDisable(true);
            fenceResult.setText("fencing the " + assessment.gone().label() + "…");
            Background.run("fence", () -> controller.fence(assessment.gone()), (FenceOutcome o) -> {
                fenced.set(o.ok());
                // The verdict first, then every step (the last step is the verdict again: not repeated).
                java.util.List<String> steps = o.steps().isEmpty() || !o.steps().get(o.steps().size() - 1).equals(o.detail())
                        ? o.steps() : o.steps().subList(0, o.steps().size() - 1);
                fenceResult.setText((o.ok() ? "✓ " : "✗ the peer is NOT proven dead: ") + o.detail() + "\n"
                        + String.join("\n", steps));
                fence.setDisable(false);
            }, err -> {
                fenceResult.setText("✗ fencing failed: " + err.getMessage());
                fence.setDisable(false);
            });
        });
        return p;
    }

    private Wizard.Page planPage() {
        TextArea text = new TextArea();
        text.setEditable(false);
        text.setId("fo-plan");
        text.getStyleClass().add("mono");
        VBox box = new VBox(8, new Label("Nothing has been sent yet. Next runs exactly these steps:"), text);
        VBox.setVgrow(text, javafx.scene.layout.Priority.ALWAYS);
        Wizard.Page p = new Wizard.Page("The plan (dry run)", box);
        p.onEnter(() -> text.setText(plan.text()));
        return p;
    }

    private Wizard.Page runPage() {
        return new RunPage("Failing over", wizard, controller, () -> plan, r -> resultText.setText(r.ok()
                ? "✓ The " + assessment.survivor().label() + " runs alone and serves clients. The pair is NOT "
                + "protected until replication resumes: resume it as soon as the " + assessment.gone().label()
                + " is repaired."
                : "✗ The failover stopped: " + r.summary())).page();
    }

    private Wizard.Page resultPage() {
        Button resume = new Button("Resume replication…");
        resume.setId("fo-resume");
        resume.setOnAction(e -> {
            wizard.stage().close();
            offerResume.run();
        });
        resultText.setWrapText(true);
        resultText.setId("fo-result");
        resultText.getStyleClass().add("state-reason");
        VBox box = new VBox(12, resultText, resume);
        Wizard.Page p = new Wizard.Page("Result", box);
        p.canGoBack().set(false);
        return p;
    }
}
