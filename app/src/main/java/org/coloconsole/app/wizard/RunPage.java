package org.coloconsole.app.wizard;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.layout.StackPane;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.model.Plan;

/**
 * A wizard page that runs a runbook the first time it shows: a tick per step, Cancel disabled
 * while it runs (a runbook is not abandoned half-way from a dialog), Next once it has ended.
 */
final class RunPage {
    private final StackPane holder = new StackPane();
    private final BooleanProperty finished = new SimpleBooleanProperty();
    private final Wizard.Page page;
    private RunbookProgressView progress;

    /** @param onResult called on the FX thread with the result, before Next is enabled */
    RunPage(String title, Wizard wizard, PairController controller, Supplier<Plan> plan, Consumer<RunResult> onResult) {
        page = new Wizard.Page(title, holder);
        page.canAdvance().bind(finished);
        page.canGoBack().set(false);
        page.onEnter(() -> {
            if (progress != null) {
                return;
            }
            Plan rb = plan.get();
            progress = new RunbookProgressView(rb);
            holder.getChildren().setAll(progress);
            wizard.cancelButton().setDisable(true);
            controller.run(rb, progress.listener()).whenComplete((r, e) -> Platform.runLater(() -> {
                wizard.cancelButton().setDisable(false);
                if (e != null) {
                    progress.outcome().setText("✗ " + e.getMessage());
                    return;
                }
                onResult.accept(r);
                finished.set(true);
            }));
        });
    }

    Wizard.Page page() {
        return page;
    }
}
