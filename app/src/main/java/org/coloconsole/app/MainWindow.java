package org.coloconsole.app;

import java.io.IOException;
import java.net.URL;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;

/**
 * Controller of the main window (fxml/MainWindow.fxml), loaded by itself as Scene Builder's
 * examples do. For now the frame: the pair list, the pair view and the status line; the pair
 * view and its actions come with the console issue.
 */
public final class MainWindow {
    @FXML
    private Parent root;
    @FXML
    private ListView<String> pairList;
    @FXML
    private Label emptyPairView;
    @FXML
    private Label statusLine;

    public static MainWindow load() {
        URL fxml = MainWindow.class.getResource("/fxml/MainWindow.fxml");
        if (fxml == null) {
            throw new IllegalStateException("fxml/MainWindow.fxml missing from the app's resources");
        }
        FXMLLoader loader = new FXMLLoader(fxml);
        MainWindow controller = new MainWindow();
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
        statusLine.setText("No pair configured yet");
    }

    public Parent root() {
        return root;
    }

    ListView<String> pairList() {
        return pairList;
    }
}
