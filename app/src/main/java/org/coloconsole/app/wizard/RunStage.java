package org.coloconsole.app.wizard;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.RunResult;

/**
 * A wizard page that runs a runbook the first time it shows: a tick per step, Cancel disabled
 * while it runs, Next once it has ended. Shown by fxml/RunPage.fxml.
 */
public final class RunStage {
    public final WizardModel.Page page;
    /** The run's progress, once it started. */
    public final ObjectProperty<RunProgressModel> progress = new SimpleObjectProperty<>();

    /** @param onResult called on the FX side with the result, before Next is enabled */
    public RunStage(String title, WizardModel wizard, PairController controller, Supplier<Plan> plan, UiThreads ui,
                    Consumer<RunResult> onResult) {
        page = new WizardModel.Page(title, "RunPage");
        page.canAdvance.set(false);
        page.canGoBack.set(false);
        page.onEnter(() -> {
            if (progress.get() != null) {
                return;
            }
            Plan p = plan.get();
            RunProgressModel m = new RunProgressModel(p, ui);
            progress.set(m);
            wizard.cancelDisabled.set(true);
            controller.run(p, m.listener()).whenComplete((r, e) -> ui.onFx(() -> {
                wizard.cancelDisabled.set(false);
                if (e != null) {
                    m.refused(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
                    return;
                }
                onResult.accept(r);
                page.canAdvance.set(true);
            }));
        });
    }
}
