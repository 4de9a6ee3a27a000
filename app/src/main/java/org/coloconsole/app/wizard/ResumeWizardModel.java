package org.coloconsole.app.wizard;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.Role;

/**
 * Resume replication: 1) preflight of the node that becomes the new secondary, 2) start it, the
 * full resync with a progress bar from the mirror job and COLO re-armed, 3) back to Protected.
 */
public final class ResumeWizardModel extends WizardModel {
    public final StringProperty intro = new SimpleStringProperty("");
    public final PreflightModel preflight;
    /** Shown when a check failed: the operator may go on anyway, knowing why. */
    public final BooleanProperty anywayVisible = new SimpleBooleanProperty(false);
    public final BooleanProperty anyway = new SimpleBooleanProperty(false);
    public final RunStage run;
    public final StringProperty resultText = new SimpleStringProperty("");

    public ResumeWizardModel(PairController controller, Plan plan, Slot primaryNow, UiThreads ui) {
        super("resumeWizard", "Resume replication · pair " + controller.pair().name());
        Slot newSecondary = primaryNow.other();
        preflight = new PreflightModel(ui);
        intro.set("The " + newSecondary.label() + " (" + newSecondary.of(controller.pair()).host()
                + ") becomes the new secondary: a fresh QEMU there, and the whole disk copied to it from the "
                + primaryNow.label() + ", which keeps serving. Checking it can take the role…");
        Page check = add(new Page("Preflight of the new secondary", "ResumePreflight"));
        check.canAdvance.bind(preflight.ok.or(anyway));
        check.onEnter(() -> preflight.run("the " + newSecondary.label(),
                () -> List.of(controller.preflight(newSecondary, Role.SECONDARY))));
        preflight.done.addListener((o, was, now) -> anywayVisible.set(now && !preflight.ok.get()));
        run = new RunStage("Resync and re-arm COLO", this, controller, () -> plan, ui, r -> resultText.set(r.ok()
                ? "✓ Replication runs again: the " + primaryNow.label() + " is the primary, the "
                + newSecondary.label() + " the secondary. The state banner turns Protected once checkpoints flow."
                : "✗ " + r.summary()));
        add(run.page);
        add(new Page("Protected again", "ResumeResult")).canGoBack.set(false);
    }
}
