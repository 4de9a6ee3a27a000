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
}
