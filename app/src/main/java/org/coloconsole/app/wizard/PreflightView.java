package org.coloconsole.app.wizard;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.coloconsole.engine.model.PreflightCheck;
import org.coloconsole.engine.model.PreflightReport;

/** A preflight report as rows: PASS / WARN / FAIL (word and colour), what was found, what to do. */
public final class PreflightView extends VBox {
    public PreflightView() {
        setSpacing(10);
        getStyleClass().add("preflight");
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

    public void showError(String what, Throwable e) {
        getChildren().setAll(new Label("✗ " + what + ": " + e.getMessage()));
    }
}
