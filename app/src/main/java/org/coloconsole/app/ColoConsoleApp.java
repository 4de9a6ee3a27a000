package org.coloconsole.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.control.Profiles;

/**
 * The JavaFX application: the pairs (a profile named with --profile FILE, else the built-in local
 * lab pair plus the pairs saved by the profile editor), the main window at its remembered size.
 */
public final class ColoConsoleApp extends Application {

    private MainWindow window;
    private WindowState state;

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters() == null ? List.of() : getParameters().getRaw();
        start(stage, args, WindowState.standard(), ProfileStore.standard());
    }

    /** The same with explicit state and store (tests keep the user's files out of it). */
    public void start(Stage stage, List<String> args, WindowState windowState, ProfileStore store) {
        this.state = windowState;
        List<PairSpec> pairs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String source;
        if (args.size() >= 2 && args.get(0).equals("--profile")) {
            pairs.addAll(Profiles.load(Path.of(args.get(1))).pairs());
            source = args.get(1);
        } else {
            pairs.addAll(Profiles.builtIn().pairs());
            List<PairSpec> saved = store.load(problems);
            pairs.addAll(saved);
            // Says which lab the built-in pair is: the two-host lab, or the loopback fallback and why.
            source = "the built-in " + org.coloconsole.engine.control.LabControl.describe() + (saved.isEmpty() ? "" : " and " + store.dir());
        }
        window = MainWindow.load(pairs, source + (problems.isEmpty() ? "" : " · NOT loaded: " + String.join("; ", problems)),
                store);
        // Drill reports open in the desktop's browser (they are self-contained HTML files).
        window.model().setReportOpener(p -> getHostServices().showDocument(p.toUri().toString()));
        // The remembered size, never larger than the screen (a wall screen or a small laptop).
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(window.root(), Math.min(state.number("width", 1280), screen.getWidth()),
                Math.min(state.number("height", 860), screen.getHeight()));
        Themes.apply(scene, Themes.Variant.LIGHT);
        stage.setTitle("COLO Console");
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setScene(scene);
        double x = state.number("x", Double.NaN);
        double y = state.number("y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        window.attach(stage);
        window.setDark("dark".equals(state.text("theme", "light")));
        window.selectInitial(state.text("lastPair", null));
        stage.setOnCloseRequest(e -> {
            if (!window.confirmClose()) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> remember(stage));
        stage.show();
    }

    private void remember(Stage stage) {
        state.put("width", stage.getWidth());
        state.put("height", stage.getHeight());
        state.put("x", stage.getX());
        state.put("y", stage.getY());
        state.put("lastPair", window.selectedPair());
        state.put("theme", window.dark() ? "dark" : "light");
        state.save();
    }

    public MainWindow window() {
        return window;
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
    }
}
