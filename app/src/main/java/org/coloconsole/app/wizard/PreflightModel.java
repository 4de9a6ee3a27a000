package org.coloconsole.app.wizard;

import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.engine.model.PreflightReport;

/** A preflight of one or two nodes: running, its reports, or the error that stopped it. */
public final class PreflightModel {
    public final ObservableList<PreflightReport> reports = FXCollections.observableArrayList();
    public final StringProperty status = new SimpleStringProperty("");
    public final BooleanProperty done = new SimpleBooleanProperty(false);
    /** Every node is ready. */
    public final BooleanProperty ok = new SimpleBooleanProperty(false);
    private final UiThreads ui;

    public PreflightModel(UiThreads ui) {
        this.ui = ui;
    }

    /** Runs the checks in the background; {@code what} names them in the status and in an error. */
    public void run(String what, Supplier<List<PreflightReport>> checks) {
        reports.clear();
        done.set(false);
        ok.set(false);
        status.set("Running preflight on " + what + "…");
        ui.run(checks, r -> {
            reports.setAll(r);
            ok.set(r.stream().allMatch(PreflightReport::ok));
            status.set("");
            done.set(true);
        }, e -> {
            status.set("✗ preflight of " + what + ": " + e.getMessage());
            done.set(true);
        });
    }
}
