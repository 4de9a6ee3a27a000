package org.coloconsole.app.ui;

import java.io.IOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/** Loads a view from the top-level {@code fxml/} folder with the controller given (thin, bound to a view model). */
public final class Views {
    private Views() {
    }

    public static <T extends Parent> T load(String name, Object controller) {
        URL fxml = Views.class.getResource("/fxml/" + name + ".fxml");
        if (fxml == null) {
            throw new IllegalStateException("fxml/" + name + ".fxml missing from the app's resources");
        }
        FXMLLoader loader = new FXMLLoader(fxml);
        loader.setController(controller);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new IllegalStateException("cannot load fxml/" + name + ".fxml: " + e.getMessage(), e);
        }
    }

    /**
     * A window of its own over {@code owner} (modal to it when {@code modal}), in the owner's theme,
     * shown; it closes when {@code closed} turns true (the view model is done).
     */
    public static javafx.stage.Stage window(javafx.stage.Window owner, String title, Parent root, double width, double height,
                                            boolean modal, javafx.beans.value.ObservableBooleanValue closed) {
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.initOwner(owner);
        if (modal) {
            stage.initModality(javafx.stage.Modality.WINDOW_MODAL);
        }
        stage.setTitle(title);
        javafx.scene.Scene scene = new javafx.scene.Scene(root, width, height);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        if (closed != null) {
            closed.addListener((o, was, now) -> {
                if (now) {
                    stage.close();
                }
            });
        }
        return stage;
    }
}
