package org.coloconsole.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: builds the main window and shows it. */
public final class ColoConsoleApp extends Application {

    private MainWindow window;

    @Override
    public void start(Stage stage) {
        // A profile named on the command line, else the built-in local lab pair.
        java.util.List<String> args = getParameters() == null ? java.util.List.of() : getParameters().getRaw();
        org.coloconsole.engine.cluster.ClusterProfile profile = args.size() >= 2 && args.get(0).equals("--profile")
                ? org.coloconsole.engine.cluster.ProfileLoader.load(java.nio.file.Path.of(args.get(1)))
                : org.coloconsole.engine.cluster.LabProfile.profile();
        window = MainWindow.load(profile);
        Scene scene = new Scene(window.root(), 1200, 760);
        Themes.apply(scene, Themes.Variant.LIGHT);
        stage.setTitle("COLO Console");
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.show();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
    }
}
