package org.coloconsole.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class MainWindowGuiTest {

    private Scene scene;

    @Start
    void start(Stage stage) {
        new ColoConsoleApp().start(stage);
        scene = stage.getScene();
    }

    @Test
    void mainWindowOpensWithItsFrameAndTheme(FxRobot robot) throws Exception {
        Label status = robot.lookup("#statusLine").queryAs(Label.class);
        assertTrue(status.getText().contains("No pair configured"), status.getText());
        assertTrue(robot.lookup("#pairList").tryQuery().isPresent(), "pair list present");
        assertEquals(2, scene.getStylesheets().size(), "base + variant stylesheet");
        Path shot = Screenshots.save(scene, "main-window");
        assertTrue(Files.size(shot) > 1000, "screenshot written: " + shot);
    }
}
