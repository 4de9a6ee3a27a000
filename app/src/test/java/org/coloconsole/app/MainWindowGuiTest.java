package org.coloconsole.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.coloconsole.engine.cluster.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.lab.LabSetup;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.runbook.RunListener;
import org.coloconsole.engine.runbook.Runbooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The main window against a real engine and the real local lab pair (protected by the engine's
 * runbook before the window opens): the console attaches to a running pair and shows the truth.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class MainWindowGuiTest {
    private static PairContext ctx;
    private static PairSpec pair;
    private Scene scene;
    private ColoConsoleApp app;

    @BeforeAll
    static void protectTheLabPair() {
        pair = LabSetup.prepare(line -> { });
        LabSetup.createDisks(new LocalHost(), pair, true, line -> { });
        ctx = new PairContext(pair, n -> new LocalHost(),
                new Journal(Path.of("target", "gui-journal.jsonl").toAbsolutePath()));
        var r = Executor.run(Runbooks.protect(pair), ctx, RunListener.NONE);
        assertTrue(r.ok(), r.summary());
    }

    @AfterAll
    static void teardown() {
        if (ctx != null) {
            Executor.run(Runbooks.teardown(pair), ctx, RunListener.NONE);
            ctx.close();
        }
    }

    @Start
    void start(Stage stage) {
        app = new ColoConsoleApp();
        app.start(stage);
        scene = stage.getScene();
    }

    @Test
    void theNodeCardsShowThePairAsQemuReportsIt(FxRobot robot) throws Exception {
        ListView<?> pairs = robot.lookup("#pairList").queryAs(ListView.class);
        assertEquals("lab", pairs.getItems().get(0));
        Label badge = robot.lookup("#stateBadge").queryAs(Label.class);
        waitFor(() -> "Protected".equals(badge.getText()), Duration.ofSeconds(30), () -> "badge " + badge.getText());
        // "colo" is the runstate while QEMU is paused inside a checkpoint (every 2 s here).
        String runstate = robot.lookup("#pvm-runstate").queryAs(Label.class).getText();
        assertTrue(runstate.equals("running") || runstate.equals("colo"), runstate);
        assertEquals("primary", robot.lookup("#pvm-role").queryAs(Label.class).getText());
        assertEquals("secondary", robot.lookup("#svm-role").queryAs(Label.class).getText());
        assertEquals("proxy links up", robot.lookup("#svm-links").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#stateBadge").queryAs(Label.class).getStyleClass().contains("health-protected"));
        assertTrue(((Label) robot.lookup("#statusLine").query()).getText().contains("built-in local lab profile"));
        assertEquals(2, scene.getStylesheets().size(), "base + variant stylesheet");
        waitFor(() -> robot.lookup("#checkpointCount").queryAs(Label.class).getText().matches("[1-9]\\d* checkpoints seen"),
                Duration.ofSeconds(20), () -> "checkpoints");
        Path shot = Screenshots.save(scene, "main-window");
        assertTrue(Files.size(shot) > 1000, "screenshot written: " + shot);
        app.stop();
    }

    private static void waitFor(BooleanSupplier c, Duration bound, java.util.function.Supplier<String> what) {
        long end = System.nanoTime() + bound.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }
}
