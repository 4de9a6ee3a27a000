package org.coloconsole.app.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.coloconsole.app.ColoConsoleApp;
import org.coloconsole.engine.control.LogEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Fencing from the console on the real lab pair, with a fencing action that kills the failed
 * node's QEMU (the lab's fence agent, per node, verified). Automatic: armed, SIGKILL the primary → the heartbeat fences it and fails
 * over on its own → the log shows the fence and every failover step → HTTP via the survivor.
 * Guided: after a resume the new primary hangs (SIGSTOP) → the wizard's fence button proves it
 * dead (no operator confirmation needed) → failover → HTTP via the other node.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class AutoFailoverGuiTest {
    private static LabConsole lab;
    private ColoConsoleApp app;
    private Scene scene;

    @BeforeAll
    static void labPair() throws Exception {
        lab = LabConsole.prepare("gui-auto", "", false, true);
    }

    @AfterAll
    static void teardown() {
        if (lab != null) {
            lab.teardown();
        }
    }

    @Start
    void start(Stage stage) {
        app = lab.open(stage, "window.properties");
        scene = stage.getScene();
    }

    /** Gone, or a zombie (a detached QEMU's reaper may be slow; a zombie runs nothing and holds no socket). */
    private static boolean dead(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void armedTheConsoleFencesAndFailsOverByItself(FxRobot robot) throws Exception {
        Button protect = robot.lookup("#protectButton").queryAs(Button.class);
        Fx.waitFor(() -> !protect.isDisabled(), Duration.ofSeconds(20), () -> "protect enabled");
        Fx.run(protect::fire);
        Label runLabel = robot.lookup("#runLabel").queryAs(Label.class);
        Fx.waitFor(() -> runLabel.getText().startsWith("✓ protect: done"), Duration.ofSeconds(90), runLabel::getText);

        ToggleButton auto = robot.lookup("#autoToggle").queryAs(ToggleButton.class);
        assertTrue(!Fx.call(auto::isDisabled), "a fence is configured: automatic failover can be armed");
        Fx.run(auto::fire);
        Label status = robot.lookup("#statusLine").queryAs(Label.class);
        Fx.waitFor(() -> status.getText().startsWith("automatic failover ARMED"), Duration.ofSeconds(10), status::getText);

        long pid = lab.pid(lab.pair.primary().pidFile());
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
        Label svmRole = robot.lookup("#svm-role").queryAs(Label.class);
        Fx.waitFor(() -> svmRole.getText().equals("alone (was secondary)"), Duration.ofSeconds(30),
                () -> "the secondary to take over by itself: " + svmRole.getText());
        var log = app.window().log();
        Fx.run(() -> log.severityFilter().setValue(LogEntry.Severity.INFO));
        List<LogEntry> shown = Fx.call(log::shown);
        assertTrue(shown.stream().anyMatch(e -> e.source().equals("runbook failover (automatic)")
                && e.text().contains("x-colo-lost-heartbeat")), shown.toString());
        List<String> journal = Files.readAllLines(org.coloconsole.engine.control.PairController.journalFile(lab.pair));
        assertTrue(journal.stream().anyMatch(l -> l.contains("fence") && l.contains("fenced and verified")),
                "the primary's own fence ran and proved itself");
        Screenshots.save(scene, "auto-failover");
        assertTrue(LabConsole.httpGet("http://127.0.0.1:18081/").contains("colo-lab guest"));
        Fx.run(auto::fire); // disarm
        Fx.waitFor(() -> status.getText().startsWith("automatic failover off"), Duration.ofSeconds(10), status::getText);

        // Resume, then the new primary (the secondary node's QEMU) hangs: the guided failover
        // proves it dead with the fencing action instead of the operator's word.
        Button resume = robot.lookup("#resumeSecondaryButton").queryAs(Button.class);
        Fx.waitFor(() -> !resume.isDisabled(), Duration.ofSeconds(20), () -> "resume enabled");
        Fx.run(resume::fire);
        Button rsNext = robot.lookup("#resumeWizard-next").queryAs(Button.class);
        for (int page = 0; page < 3; page++) {
            Fx.waitFor(() -> !rsNext.isDisabled(), Duration.ofSeconds(120), () -> "the resume wizard to go on");
            Fx.run(rsNext::fire);
        }
        Label badge = robot.lookup("#stateBadge").queryAs(Label.class);
        Fx.waitFor(() -> badge.getText().equals("✓ Protected"), Duration.ofSeconds(60), badge::getText);
        long hung = lab.pid(lab.pair.secondary().pidFile());
        new ProcessBuilder("kill", "-STOP", Long.toString(hung)).start().waitFor();
        Button failover = robot.lookup("#failoverButton").queryAs(Button.class);
        Fx.waitFor(() -> !failover.isDisabled(), Duration.ofSeconds(30), () -> "failover enabled for a hung primary");
        Fx.run(failover::fire);
        Button next = robot.lookup("#failoverWizard-next").queryAs(Button.class);
        Fx.waitFor(() -> !next.isDisabled(), Duration.ofSeconds(30), () -> "the assessment");
        Fx.run(next::fire);
        Button fence = robot.lookup("#fo-fence").queryAs(Button.class);
        assertTrue(!Fx.call(fence::isDisabled), "a fence is configured");
        assertTrue(Fx.call(next::isDisabled), "not proven dead yet");
        Fx.run(fence::fire);
        Label fenceResult = robot.lookup("#fo-fenceResult").queryAs(Label.class);
        Fx.waitFor(() -> fenceResult.getText().startsWith("✓ fenced"), Duration.ofSeconds(30), fenceResult::getText);
        assertTrue(fenceResult.getText().contains("fenced and verified") && fenceResult.getText().contains("probe 3/3: silent"),
                fenceResult.getText());
        assertTrue(!Fx.call(next::isDisabled), "the fence proved it: no operator confirmation needed");
        Screenshots.save(next.getScene(), "failover-wizard-2-fenced");
        Fx.run(next::fire); // plan
        Fx.run(next::fire); // run
        Fx.waitFor(() -> !next.isDisabled(), Duration.ofSeconds(60), () -> "the failover to finish");
        Fx.run(next::fire);
        assertTrue(robot.lookup("#fo-result").queryAs(Label.class).getText().startsWith("✓"));
        Fx.run(next::fire);
        Fx.waitFor(() -> dead(hung), Duration.ofSeconds(10), () -> "the hung QEMU killed by the fence");
        assertTrue(LabConsole.httpGet("http://127.0.0.1:18080/").contains("colo-lab guest"), "HTTP via the primary node");
    }
}
