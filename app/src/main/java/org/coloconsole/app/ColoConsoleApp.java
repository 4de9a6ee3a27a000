package org.coloconsole.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: builds the main window and shows it. */
public final class ColoConsoleApp extends Application {

    @Override
    public void start(Stage stage) {
        MainWindow window = MainWindow.load();
        Scene scene = new Scene(window.root(), 1200, 760);
        Themes.apply(scene, Themes.Variant.LIGHT);
        stage.setTitle("COLO Console");
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.show();
    }
}
