package org.coloconsole.app.wizard;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.coloconsole.engine.model.PreflightCheck;
import org.coloconsole.engine.model.PreflightReport;

/**
 * A control that shows preflight reports as rows: PASS / WARN / FAIL (word and colour), what was
 * found, what to do. Used in FXML views; {@link #setModel} follows a {@link PreflightModel}.
 */
public final class PreflightView extends VBox {
    public PreflightView() {
        setSpacing(10);
        getStyleClass().add("preflight");
    }

    /** Follows {@code m}: its status line while it runs, its reports when done. */
    public void setModel(PreflightModel m) {
        Runnable render = () -> {
            if (!m.reports.isEmpty()) {
                show(m.reports.toArray(PreflightReport[]::new));
            } else {
                getChildren().setAll(new Label(m.status.get()));
            }
        };
        m.reports.addListener((javafx.collections.ListChangeListener<PreflightReport>) c -> render.run());
        m.status.addListener((o, was, now) -> render.run());
        render.run();
    }

    public void show(PreflightReport... reports) {
        getChildren().clear();
        for (PreflightReport r : reports) {
            Label head = new Label((r.ok() ? "✓ " : "✗ ") + r.host() + " as " + r.role()
                    + (r.ok() ? ": ready" : ": NOT ready"));
            head.getStyleClass().addAll("card-title", r.ok() ? "outcome-ok" : "outcome-failed");
            GridPane g = new GridPane();
            g.setHgap(10);
            g.setVgap(3);
            g.setPadding(new Insets(0, 0, 0, 12));
            int row = 0;
            for (PreflightCheck c : r.checks()) {
                Label status = new Label(c.status().name());
                status.getStyleClass().add("check-" + c.status().name().toLowerCase(Locale.ROOT));
                Label what = new Label(c.title());
                Label detail = new Label(c.detail() + (c.remedy() == null || c.remedy().isEmpty()
                        || c.status() == PreflightCheck.Status.PASS ? "" : " → " + c.remedy()));
                detail.setWrapText(true);
                detail.setMaxWidth(520);
                g.addRow(row++, status, what, detail);
            }
            getChildren().addAll(head, g);
        }
    }

}
