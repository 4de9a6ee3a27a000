package org.coloconsole.app;

import java.io.IOException;
import java.net.URL;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.coloconsole.engine.cluster.ClusterProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.remote.ssh.SshConnector;

/**
 * Controller of the main window (fxml/MainWindow.fxml), loaded by itself as Scene Builder's
 * examples do: the pairs of the profile on the left, the selected pair's state banner and node
 * cards in the centre. The engine runs on its own threads; only view models touch the controls.
 */
public final class MainWindow {
    @FXML
    private Parent root;
    @FXML
    private ListView<String> pairList;
    @FXML
    private Label emptyPairView;
    @FXML
    private VBox pairView;
    @FXML
    private Label stateBadge;
    @FXML
    private Label stateReason;
    @FXML
    private Label checkpointCount;
    @FXML
    private HBox cards;
    @FXML
    private Label statusLine;

    private ClusterProfile profile;
    private final SshConnector ssh = new SshConnector();
    private PairViewModel current;

    public static MainWindow load(ClusterProfile profile) {
        URL fxml = MainWindow.class.getResource("/fxml/MainWindow.fxml");
        if (fxml == null) {
            throw new IllegalStateException("fxml/MainWindow.fxml missing from the app's resources");
        }
        FXMLLoader loader = new FXMLLoader(fxml);
        MainWindow controller = new MainWindow();
        controller.profile = profile;
        loader.setController(controller);
        try {
            loader.load();
        } catch (IOException e) {
            throw new IllegalStateException("cannot load fxml/MainWindow.fxml: " + e.getMessage(), e);
        }
        return controller;
    }

    @FXML
    private void initialize() {
        for (PairSpec p : profile.pairs()) {
            pairList.getItems().add(p.name());
        }
        pairView.setVisible(false);
        statusLine.setText(profile.pairs().size() + " pair(s) from " + (profile.source() == null
                ? "the built-in local lab profile" : profile.source()));
        pairList.getSelectionModel().selectedItemProperty().addListener((o, was, name) -> select(name));
        if (!profile.pairs().isEmpty()) {
            pairList.getSelectionModel().select(0);
        }
    }

    private void select(String name) {
        if (current != null) {
            PairViewModel old = current;
            // Closing the monitor waits for its threads: never on the FX thread.
            Thread t = new Thread(old::close, "close-monitor");
            t.setDaemon(true);
            t.start();
        }
        PairSpec pair = profile.pair(name).orElse(null);
        if (pair == null) {
            pairView.setVisible(false);
            emptyPairView.setVisible(true);
            return;
        }
        current = new PairViewModel(pair, ssh);
        stateBadge.textProperty().bind(current.health);
        current.healthStyle.addListener((o, was, now) -> {
            stateBadge.getStyleClass().removeIf(c -> c.startsWith("health-"));
            stateBadge.getStyleClass().add(now);
        });
        stateReason.textProperty().bind(current.reason);
        checkpointCount.textProperty().bind(current.checkpoints);
        cards.getChildren().setAll(new NodeCardView(current.primary, "pvm"), link(), new NodeCardView(current.secondary, "svm"));
        emptyPairView.setVisible(false);
        pairView.setVisible(true);
    }

    private static Label link() {
        Label l = new Label("⇄");
        l.getStyleClass().add("pair-link");
        return l;
    }

    public Parent root() {
        return root;
    }

    ListView<String> pairList() {
        return pairList;
    }

    /** Stops the monitor (the VMs keep running: the console never owns them). */
    public void shutdown() {
        if (current != null) {
            current.close();
        }
        ssh.close();
    }
}
