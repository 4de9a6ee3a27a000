package org.coloconsole.app.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.coloconsole.app.ColoConsoleApp;
import org.coloconsole.app.WindowState;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.testing.LabFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A pair with Pacemaker keys, as the console shows it: Pacemaker's view under the cards (here
 * Pacemaker does not run, and the view says so), its own actions (switchover, clear, maintenance),
 * and the console's own failover, resume, stop and automatic failover off, with the reason.
 * Screenshot: target/screenshots/pacemaker-pair.png.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class PacemakerPairGuiTest {
    private static final Path WORK = Path.of("target", "gui-pacemaker").toAbsolutePath();
    private ColoConsoleApp app;
    private Stage main;

    @Start
    void start(Stage stage) throws Exception {
        Files.createDirectories(WORK);
        Files.deleteIfExists(WORK.resolve("window.properties"));
        Path profile = WORK.resolve("lab.yaml");
        Files.writeString(profile, LabProfile.yaml(LabFixture.assets(), WORK.resolve("pair")).replace("    checkpointDelayMs:",
                "    pacemaker: {primaryNode: hosta, primaryRing: 127.0.0.1, secondaryNode: hostb, secondaryRing: 127.0.0.2, "
                        + "qdevice: 127.0.0.3}\n    checkpointDelayMs:"));
        main = stage;
        app = new ColoConsoleApp();
        app.start(stage, List.of("--profile", profile.toString()), new WindowState(WORK.resolve("window.properties")),
                new ProfileStore(WORK.resolve("profiles")));
    }

    @Test
    void pacemakersViewAndActionsReplaceTheConsolesOwn() throws Exception {
        Label view = (Label) Fx.call(() -> main.getScene().lookup("#pacemakerView"));
        Fx.waitFor(() -> view.isVisible() && view.getText().startsWith("Pacemaker does not answer"), Duration.ofSeconds(30),
                () -> "Pacemaker's view: " + view.getText());
        assertTrue(view.getText().contains("crm_mon") || view.getText().contains("primary node"), view.getText());
        for (String id : List.of("#switchoverButton", "#clearButton")) {
            Button b = (Button) Fx.call(() -> main.getScene().lookup(id));
            assertTrue(Fx.call(b::isVisible), id + " shown for a Pacemaker pair");
        }
        assertTrue(Fx.call(() -> ((ToggleButton) main.getScene().lookup("#maintenanceToggle")).isVisible()));
        for (String id : List.of("#failoverButton", "#resumePrimaryButton", "#stopButton", "#autoToggle")) {
            assertTrue(Fx.call(() -> main.getScene().lookup(id).isDisabled()), id + " is off: Pacemaker decides");
        }
        Label hint = (Label) Fx.call(() -> main.getScene().lookup("#actionHint"));
        assertTrue(Fx.call(hint::getText).contains("Pacemaker runs this pair"), Fx.call(hint::getText));
        Screenshots.save(main.getScene(), "pacemaker-pair");
    }
}
