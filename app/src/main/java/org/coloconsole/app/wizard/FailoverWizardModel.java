package org.coloconsole.app.wizard;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.engine.cluster.FenceSpec;
import org.coloconsole.engine.control.FailoverAssessment;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.FenceOutcome;
import org.coloconsole.engine.model.Plan;

/**
 * Guided failover, five pages: 1) what the engine sees, 2) make sure the peer is dead (fence, or
 * the operator confirms, consequences stated), 3) the plan (dry run: steps and exact commands),
 * 4) execution with a tick per step, 5) the result and the offer to resume replication.
 */
public final class FailoverWizardModel extends WizardModel {
    // page 1
    public final StringProperty summary = new SimpleStringProperty("Asking both nodes…");
    public final ObservableList<String> evidence = FXCollections.observableArrayList();
    // page 2
    public final StringProperty consequences = new SimpleStringProperty("");
    public final StringProperty confirmText = new SimpleStringProperty("");
    public final BooleanProperty confirmed = new SimpleBooleanProperty(false);
    public final BooleanProperty fenceDisabled = new SimpleBooleanProperty(true);
    public final StringProperty fenceResult = new SimpleStringProperty("");
    public final BooleanProperty fenced = new SimpleBooleanProperty(false);
    // page 3
    public final StringProperty planText = new SimpleStringProperty("");
    // page 4
    public final RunStage run;
    // page 5
    public final StringProperty resultText = new SimpleStringProperty("");

    private final PairController controller;
    private final UiThreads ui;
    private final Runnable offerResume;
    private FailoverAssessment assessment;
    private Plan plan;

    public FailoverWizardModel(PairController controller, UiThreads ui, Runnable offerResume) {
        super("failoverWizard", "Guided failover · pair " + controller.pair().name());
        this.controller = controller;
        this.ui = ui;
        this.offerResume = offerResume;
        Page see = add(new Page("What the engine sees", "FailoverSee"));
        see.canAdvance.set(false);
        see.onEnter(() -> assess(see));
        Page fence = add(new Page("Make sure the peer is really dead", "FailoverFence"));
        fence.canAdvance.bind(fenced.or(confirmed));
        fence.onEnter(this::explainFence);
        add(new Page("The plan (dry run)", "FailoverPlan")).onEnter(() -> planText.set(plan.text()));
        run = new RunStage("Failing over", this, controller, () -> plan, ui, r -> resultText.set(r.ok()
                ? "✓ The " + assessment.survivor().label() + " runs alone and serves clients. The pair is NOT "
                + "protected until replication resumes: resume it as soon as the " + assessment.gone().label()
                + " is repaired."
                : "✗ The failover stopped: " + r.summary()));
        add(run.page);
        add(new Page("Result", "FailoverResult")).canGoBack.set(false);
    }

    private void assess(Page see) {
        see.canAdvance.set(false);
        ui.run(controller::assessFailover, a -> {
            assessment = a;
            evidence.setAll(a.evidence().stream().map(l -> "• " + l).toList());
            if (!a.possible()) {
                summary.set("✗ No failover possible: " + a.blocker());
                return;
            }
            summary.set("The " + a.gone().label() + " is gone" + (a.peerAnswers() ? " — BUT ITS QEMU STILL ANSWERS" : "")
                    + ". The " + a.survivor().label() + " (COLO " + a.survivorRole().label()
                    + ") would take over and run alone.");
            plan = controller.failoverPlan(a);
            see.canAdvance.set(true);
        }, e -> summary.set("✗ Could not assess the pair: " + e.getMessage()));
    }

    private void explainFence() {
        String gone = assessment.gone().label();
        consequences.set("If the " + gone + " still runs its VM and the " + assessment.survivor().label()
                + " takes over, two copies of the VM serve clients and write their disks: split brain, and "
                + "data written on one side is lost. Power it off or isolate it first."
                + (assessment.peerAnswers() ? "\n\nWARNING: the " + gone + "'s QEMU still answers on QMP right now." : ""));
        confirmText.set("I confirm the " + gone + " is powered off or cut off from clients and from the "
                + assessment.survivor().label() + " (I checked it myself).");
        FenceSpec spec = assessment.gone().of(controller.pair()).fence();
        fenceDisabled.set(spec == null);
        fenceResult.set(spec != null ? "The " + gone + "'s fence: " + spec.shown("off")
                + "\nIt counts only when the agent says off, its status says off, and the " + gone
                + " then stays silent for " + spec.verifyProbes() + " probes."
                : "No fence is configured for the " + gone + " (profile key " + assessment.gone().key() + ".fence).");
    }

    /** Fences the gone node with its agent (off, status, silent probes); the page may go on only if proven. */
    public void fence() {
        fenceDisabled.set(true);
        fenceResult.set("fencing the " + assessment.gone().label() + "…");
        ui.run(() -> controller.fence(assessment.gone()), (FenceOutcome o) -> {
            fenced.set(o.ok());
            // The verdict first, then every step (the last step is the verdict again: not repeated).
            List<String> steps = o.steps().isEmpty() || !o.steps().get(o.steps().size() - 1).equals(o.detail())
                    ? o.steps() : o.steps().subList(0, o.steps().size() - 1);
            fenceResult.set((o.ok() ? "✓ " : "✗ the peer is NOT proven dead: ") + o.detail() + "\n" + String.join("\n", steps));
            fenceDisabled.set(false);
        }, err -> {
            fenceResult.set("✗ fencing failed: " + err.getMessage());
            fenceDisabled.set(false);
        });
    }

    /** Closes the wizard and offers the resume wizard. */
    public void resume() {
        closed.set(true);
        offerResume.run();
    }
}
