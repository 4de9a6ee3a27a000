package org.coloconsole.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.coloconsole.app.ColoConsoleApp;
import org.coloconsole.app.WindowState;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.engine.control.StatePaths;
import org.coloconsole.engine.drill.DrillFiles;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.testing.LabFixture;
import org.coloconsole.engine.model.DrillReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The drills window of a pair, as an operator finds it: the past drills (two reports beside the
 * pair's journal, newest first, with verdict, gap and data check), a report opened from the list,
 * and no drill offered while the pair is not Protected (its QEMUs do not run here), with the
 * reason. Screenshot: target/screenshots/drills.png.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class DrillsGuiTest {
    private static final Path WORK = Path.of("target", "gui-drills").toAbsolutePath();
    private final List<Path> opened = new CopyOnWriteArrayList<>();
    private Stage main;
    private ColoConsoleApp app;

    @Start
    void start(Stage stage) throws Exception {
        Files.createDirectories(WORK);
        Files.deleteIfExists(WORK.resolve("window.properties"));
        Path profile = WORK.resolve("lab.yaml");
        Files.writeString(profile, LabProfile.yaml(LabFixture.assets(), WORK.resolve("pair")).replace("  - name: lab", "  - name: drilled"));
        // Two past drills of the pair, where the console keeps them: beside its journal.
        Path dir = DrillFiles.dir(StatePaths.stateDir().resolve("journal").toAbsolutePath(), "drilled");
        org.coloconsole.engine.testing.DrillSamples.write(dir, "drilled");
        main = stage;
        app = new ColoConsoleApp();
        app.start(stage, List.of("--profile", profile.toString()), new WindowState(WORK.resolve("window.properties")),
                new ProfileStore(WORK.resolve("profiles")));
        app.window().model().setReportOpener(opened::add);
    }

    @Test
    void pastDrillsAreListedAndOpenAndNoDrillStartsUnlessProtected() throws Exception {
        Button drills = (Button) Fx.call(() -> main.getScene().lookup("#drillsButton"));
        Fx.waitFor(() -> !drills.isDisabled(), Duration.ofSeconds(20), () -> "the drills button");
        Fx.run(drills::fire);
        // On the FX thread (waitFor and call run it there).
        java.util.function.Supplier<Stage> find = () -> (Stage) Window.getWindows().stream().filter(w -> w instanceof Stage s
                && s.getTitle() != null && s.getTitle().startsWith("Failover drills")).findFirst().orElse(null);
        Fx.waitFor(() -> find.get() != null, Duration.ofSeconds(10), () -> "the drills window");
        Stage window = Fx.call(find::get);
        @SuppressWarnings("unchecked")
        TableView<Object> table = (TableView<Object>) Fx.call(() -> window.getScene().lookup("#drillTable"));
        Fx.waitFor(() -> table.getItems().size() == 2, Duration.ofSeconds(10), () -> "two past drills: " + table.getItems());
        assertEquals("MISSED", Fx.call(() -> ((org.coloconsole.app.drill.DrillsModel.Row) table.getItems().get(0)).verdict()),
                "newest first");
        Label blocked = (Label) Fx.call(() -> window.getScene().lookup("#drillBlocked"));
        Fx.waitFor(() -> blocked.getText().contains("only from Protected"), Duration.ofSeconds(10), blocked::getText);
        assertTrue(Fx.call(() -> window.getScene().lookup("#drillPrimaryButton").isDisabled()), "no drill of a pair not Protected");
        assertTrue(Fx.call(() -> window.getScene().lookup("#drillSecondaryButton").isDisabled()));
        Fx.run(() -> table.getSelectionModel().select(1));
        Fx.run(((Button) Fx.call(() -> window.getScene().lookup("#openReportButton")))::fire);
        Fx.waitFor(() -> opened.size() == 1, Duration.ofSeconds(5), () -> "a report opened");
        assertTrue(opened.get(0).toString().endsWith("drill-drilled-20261202-110000.html") && Files.exists(opened.get(0)), opened.toString());
        Screenshots.save(window.getScene(), "drills");
        Fx.run(window::close);
    }
}
