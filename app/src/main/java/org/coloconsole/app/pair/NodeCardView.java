package org.coloconsole.app.pair;

import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** A node card: title, host and the node's live facts, bound to a {@link NodeCardModel}. */
public final class NodeCardView extends VBox {
    public NodeCardView(NodeCardModel m, String id) {
        setId(id);
        getStyleClass().add("node-card");
        setSpacing(8);
        setPadding(new Insets(12));
        Label title = new Label();
        title.textProperty().bind(m.title);
        title.getStyleClass().add("card-title");
        Label host = new Label();
        host.setId(id + "-host");
        host.textProperty().bind(m.host);
        host.getStyleClass().add("card-host");
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(4);
        // Names never shrink to "…"; values take the rest and wrap (an error can be long).
        javafx.scene.layout.ColumnConstraints names = new javafx.scene.layout.ColumnConstraints();
        names.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints values = new javafx.scene.layout.ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(0);
        facts.getColumnConstraints().setAll(names, values);
        row(facts, 0, "Role", m.role, id + "-role");
        row(facts, 1, "QEMU", m.qemu, id + "-qemu");
        row(facts, 2, "Runstate", m.runstate, id + "-runstate");
        row(facts, 3, "COLO", m.colo, id + "-colo");
        row(facts, 4, "Proxy", m.links, id + "-links");
        row(facts, 5, "Disk", m.replication, id + "-replication");
        row(facts, 6, "Heartbeat", m.heartbeat, id + "-heartbeat");
        m.health.addListener((o, was, now) -> {
            getStyleClass().removeAll("card-ok", "card-warn", "card-down");
            getStyleClass().add("card-" + now);
        });
        javafx.scene.layout.HBox.setHgrow(this, Priority.ALWAYS);
        setMaxWidth(Double.MAX_VALUE);
        getChildren().addAll(title, host, facts);
    }

    private static void row(GridPane g, int r, String name, StringProperty value, String id) {
        Label k = new Label(name);
        k.getStyleClass().add("fact-name");
        Label v = new Label();
        v.setId(id);
        v.textProperty().bind(value);
        v.getStyleClass().add("fact-value");
        v.setWrapText(true);
        javafx.scene.control.Tooltip full = new javafx.scene.control.Tooltip();
        full.textProperty().bind(value); // a long error is cut on the card; the whole of it on hover
        v.setTooltip(full);
        v.setMinWidth(0);
        v.setMaxWidth(Double.MAX_VALUE);
        g.addRow(r, k, v);
    }
}
