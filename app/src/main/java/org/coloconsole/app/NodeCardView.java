package org.coloconsole.app;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** A node card: title, host and the node's live facts, bound to a {@link NodeCardModel}. */
final class NodeCardView extends VBox {
    NodeCardView(NodeCardModel m, String id) {
        setId(id);
        getStyleClass().add("node-card");
        setSpacing(8);
        setPadding(new Insets(14));
        Label title = new Label();
        title.textProperty().bind(m.title);
        title.getStyleClass().add("card-title");
        Label host = new Label();
        host.textProperty().bind(m.host);
        host.getStyleClass().add("card-host");
        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(6);
        row(facts, 0, "Role", m.role, id + "-role");
        row(facts, 1, "Runstate", m.runstate, id + "-runstate");
        row(facts, 2, "COLO", m.colo, id + "-colo");
        row(facts, 3, "Proxy", m.links, id + "-links");
        m.health.addListener((o, was, now) -> {
            getStyleClass().removeAll("card-ok", "card-warn", "card-down");
            getStyleClass().add("card-" + now);
        });
        getChildren().addAll(title, host, facts);
    }

    private static void row(GridPane g, int r, String name, javafx.beans.property.StringProperty value, String id) {
        Label k = new Label(name);
        k.getStyleClass().add("fact-name");
        Label v = new Label();
        v.setId(id);
        v.textProperty().bind(value);
        v.getStyleClass().add("fact-value");
        g.addRow(r, k, v);
    }
}
