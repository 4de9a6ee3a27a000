package org.coloconsole.app.pair;

import javafx.beans.property.StringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.coloconsole.app.ui.Views;

/** Controller of fxml/NodeCard.fxml: a node's live facts, bound to a {@link NodeCardModel}. */
public final class NodeCardView {
    @FXML private VBox root;
    @FXML private Label title;
    @FXML private Label host;
    @FXML private Label role;
    @FXML private Label qemu;
    @FXML private Label runstate;
    @FXML private Label colo;
    @FXML private Label links;
    @FXML private Label replication;
    @FXML private Label heartbeat;
    private final NodeCardModel m;
    private final String id;

    private NodeCardView(NodeCardModel m, String id) {
        this.m = m;
        this.id = id;
    }

    /** The card of {@code m}; {@code id} ("pvm" or "svm") prefixes its fields' ids. */
    public static VBox of(NodeCardModel m, String id) {
        NodeCardView v = new NodeCardView(m, id);
        Views.load("NodeCard", v);
        return v.root;
    }

    @FXML
    private void initialize() {
        root.setId(id);
        HBox.setHgrow(root, Priority.ALWAYS);
        title.textProperty().bind(m.title);
        host.setId(id + "-host");
        host.textProperty().bind(m.host);
        fact(role, m.role, "role");
        fact(qemu, m.qemu, "qemu");
        fact(runstate, m.runstate, "runstate");
        fact(colo, m.colo, "colo");
        fact(links, m.links, "links");
        fact(replication, m.replication, "replication");
        fact(heartbeat, m.heartbeat, "heartbeat");
        m.health.addListener((o, was, now) -> {
            root.getStyleClass().removeAll("card-ok", "card-warn", "card-down");
            root.getStyleClass().add("card-" + now);
        });
    }

    private void fact(Label v, StringProperty value, String name) {
        v.setId(id + "-" + name);
        v.textProperty().bind(value);
        Tooltip full = new Tooltip();
        full.textProperty().bind(value); // a long error is cut on the card; the whole of it on hover
        v.setTooltip(full);
    }
}
