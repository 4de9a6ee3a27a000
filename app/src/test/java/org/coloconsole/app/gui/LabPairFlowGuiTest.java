package org.coloconsole.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.coloconsole.app.ColoConsoleApp;
import org.coloconsole.app.wizard.RunProgressModel;
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
 * The whole operator flow on the two-host lab (hosts reached over SSH, the guest on a real L2
 * segment), through the console only: Protect from the button → Protected, cards show QEMU's
 * truth, the timeline gains checkpoints → SIGKILL the primary QEMU → guided failover wizard,
 * operator-confirmation path (this profile has no fence) → HTTP from the client namespace,
 * same address → Resume from the button, the progress bar follows the mirror → Protected again.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class LabPairFlowGuiTest {
    private static TwoHostConsole lab;
    private ColoConsoleApp app;
    private Scene scene;

    @BeforeAll
    static void labPairWithRealData() throws Exception {
        // A resync cap and real data on the disk: the resync takes seconds and its bar has something to show.
        lab = TwoHostConsole.prepare("gui-flow", "    resyncMiBps: 16\n", true, false);
    }

    @AfterAll
    static void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Start
    void start(Stage stage) {
        app = lab.open(stage, "window.properties");
        scene = stage.getScene();
    }

    private <T extends javafx.scene.Node> T node(FxRobot robot, String id, Class<T> type) {
        return robot.lookup(id).queryAs(type);
    }

    private void fire(FxRobot robot, String id) {
        Button b = node(robot, id, Button.class);
        Fx.waitFor(() -> !b.isDisabled(), Duration.ofSeconds(60), () -> id + " enabled");
        Fx.run(b::fire);
    }

    private static Scene sceneOf(Window w) {
        return w.getScene();
    }

    @Test
    void protectFailOverAndResumeFromTheConsole(FxRobot robot) throws Exception {
        Label badge = node(robot, "#stateBadge", Label.class);
        // Nothing runs yet: only Protect makes sense.
        Fx.waitFor(() -> !node(robot, "#protectButton", Button.class).isDisabled(), Duration.ofSeconds(20), () -> "protect enabled");
        assertTrue(node(robot, "#failoverButton", Button.class).isDisabled());
        assertTrue(node(robot, "#resumePrimaryButton", Button.class).isDisabled());

        // The main actions have keyboard shortcuts.
        for (String k : List.of("Shortcut+P", "Shortcut+F", "Shortcut+R", "Shortcut+E", "Shortcut+D", "F5", "Shortcut+T")) {
            assertTrue(scene.getAccelerators().containsKey(javafx.scene.input.KeyCombination.keyCombination(k)), k);
        }

        // Preflight (F5's button) checks both hosts for their roles before anything starts.
        Fx.run(() -> node(robot, "#preflightButton", Button.class).fire());
        Fx.waitFor(() -> !robot.lookup("#preflightReport").queryAll().isEmpty(), Duration.ofSeconds(10), () -> "the report");
        javafx.scene.layout.VBox report = node(robot, "#preflightReport", javafx.scene.layout.VBox.class);
        Fx.waitFor(() -> report.getChildren().stream().filter(n -> n instanceof Label l && l.getText().startsWith("✓ root@"))
                .count() == 2, Duration.ofSeconds(60), () -> "both nodes ready: " + report.getChildren());
        Screenshots.save(report.getScene(), "preflight");
        Fx.run(() -> ((Stage) report.getScene().getWindow()).close());

        // 1. Protect from the button.
        fire(robot, "#protectButton");
        Fx.waitFor(() -> badge.getText().endsWith("Protected") && !badge.getText().contains("Not"), Duration.ofSeconds(90),
                () -> "Protected, badge says " + badge.getText() + " / " + node(robot, "#runLabel", Label.class).getText());
        assertTrue(badge.getText().startsWith("✓"), "a symbol, not only a colour: " + badge.getText());
        Label runLabel = node(robot, "#runLabel", Label.class);
        Fx.waitFor(() -> runLabel.getText().startsWith("✓ protect: done"), Duration.ofSeconds(60),
                () -> "the protect runbook to finish: " + runLabel.getText());
        var vm = app.window().current();
        Fx.waitFor(() -> vm.series.size() >= 2, Duration.ofSeconds(30), () -> "checkpoints on the timeline");
        String version = new String(new ProcessBuilder("qemu-system-x86_64", "--version").start().getInputStream().readAllBytes());
        String pvmQemu = node(robot, "#pvm-qemu", Label.class).getText();
        assertTrue(version.contains(pvmQemu.split(" ")[0]) && pvmQemu.endsWith("tcg"), pvmQemu + " vs " + version);
        String runstate = node(robot, "#pvm-runstate", Label.class).getText();
        assertTrue(runstate.equals("running") || runstate.equals("colo"), runstate);
        assertEquals("primary", node(robot, "#pvm-role", Label.class).getText());
        assertEquals("secondary", node(robot, "#svm-role", Label.class).getText());
        assertEquals("proxy links up", node(robot, "#svm-links", Label.class).getText());
        assertTrue(node(robot, "#protectButton", Button.class).isDisabled(), "protect is pointless while protected");
        // Hover over the newest checkpoint mark: its details.
        var timeline = app.window().charts().timeline();
        String hover = Fx.call(() -> {
            long now = System.currentTimeMillis();
            timeline.hoverAt(timeline.xOf(vm.series.lastMs(), now));
            timeline.draw(now);
            return timeline.hoverText();
        });
        assertTrue(hover.matches("#\\d+ at .* · pause [\\d.]+ ms · .*"), hover);
        // The audit log has what the protect runbook sent and QEMU answered.
        var log = app.window().log();
        Fx.run(() -> log.textFilter().setText("migrate-set-capabilities"));
        List<LogEntry> shown = Fx.call(log::shown);
        assertTrue(shown.stream().anyMatch(e -> e.source().equals("runbook protect") && e.text().startsWith("→")), shown.toString());
        Fx.run(() -> log.textFilter().setText(""));
        Fx.run(() -> log.severityFilter().setValue(LogEntry.Severity.DEBUG));
        Fx.run(() -> log.nodeFilter().setValue("secondary node"));
        List<LogEntry> secondaryOnly = Fx.call(log::shown);
        assertTrue(!secondaryOnly.isEmpty() && secondaryOnly.stream().allMatch(e -> e.node().equals("secondary node")),
                secondaryOnly.toString());
        Fx.run(() -> log.nodeFilter().setValue("all nodes"));
        Fx.run(() -> log.severityFilter().setValue(LogEntry.Severity.INFO));
        // Exact counts: colo-compare's trace sampled on the primary for a 3 s window.
        javafx.scene.control.ToggleButton exact = node(robot, "#exactToggle", javafx.scene.control.ToggleButton.class);
        Label exactStatus = node(robot, "#exactStatus", Label.class);
        Fx.run(exact::fire);
        Fx.waitFor(() -> exactStatus.getText().startsWith("last 3 s window:"), Duration.ofSeconds(30), exactStatus::getText);
        Fx.run(exact::fire);
        // The pair list carries the same badge.
        javafx.scene.control.ListCell<?> cell = node(robot, "#pair-lab", javafx.scene.control.ListCell.class);
        assertEquals("✓ Protected", Fx.call(() -> ((Label) ((javafx.scene.layout.VBox) cell.getGraphic()).getChildren().get(1)).getText()));
        // Change the checkpoint delay through its dialog; the checkpoint it forces is the operator's.
        answerDialog(robot, "#delayButton", "1500");
        Fx.waitFor(() -> runLabel.getText().startsWith("✓ set-checkpoint-delay"), Duration.ofSeconds(20), runLabel::getText);
        Fx.waitFor(() -> {
            for (int i = vm.series.size() - 1; i >= 0; i--) {
                if (vm.series.cause(i) == org.coloconsole.app.timeline.TimelineSeries.OPERATOR) {
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(20), () -> "an operator checkpoint on the timeline");
        // Export the history through its dialog.
        Path exports = lab.work.resolve("exports");
        answerDialog(robot, "#exportButton", exports.toString());
        Label status = node(robot, "#statusLine", Label.class);
        Fx.waitFor(() -> status.getText().startsWith("exported:"), Duration.ofSeconds(20), status::getText);
        try (var files = Files.list(exports)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("lab-checkpoints-") && n.endsWith(".csv")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("lab-journal-")), names.toString());
        }
        Screenshots.save(scene, "main-window");
        Fx.run(() -> node(robot, "#darkToggle", javafx.scene.control.ToggleButton.class).fire());
        assertTrue(scene.getStylesheets().get(1).endsWith("dark.css"), scene.getStylesheets().toString());
        Screenshots.save(scene, "main-window-dark");
        Fx.run(() -> node(robot, "#darkToggle", javafx.scene.control.ToggleButton.class).fire());

        // 2. The primary QEMU dies (SIGKILL).
        long pid = lab.lab.qemuPid("hostA");
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
        fire(robot, "#failoverButton");
        Button next = node(robot, "#failoverWizard-next", Button.class);
        Label summary = node(robot, "#fo-summary", Label.class);
        Fx.waitFor(() -> !next.isDisabled(), Duration.ofSeconds(30), () -> "assessment: " + summary.getText());
        assertTrue(summary.getText().contains("primary node is gone") && summary.getText().contains("secondary node"),
                summary.getText());
        Screenshots.save(sceneOf(next.getScene().getWindow()), "failover-wizard-1-evidence");
        Fx.run(next::fire);
        // 2. No fence configured: the operator confirms, and only then may go on.
        assertTrue(node(robot, "#fo-fence", Button.class).isDisabled());
        assertTrue(Fx.call(next::isDisabled), "no way on without proof the peer is dead");
        assertTrue(node(robot, "#fo-consequences", Label.class).getText().contains("split brain"));
        Fx.run(() -> node(robot, "#fo-confirm", CheckBox.class).setSelected(true));
        assertFalse(Fx.call(next::isDisabled));
        Screenshots.save(sceneOf(next.getScene().getWindow()), "failover-wizard-2-confirm");
        Fx.run(next::fire);
        String plan = Fx.call(() -> node(robot, "#fo-plan", javafx.scene.control.TextArea.class).getText());
        assertTrue(plan.contains("x-colo-lost-heartbeat"), plan);
        Fx.run(next::fire);
        // 4. Execution: each step ticks; wait for the end.
        Fx.waitFor(() -> !next.isDisabled(), Duration.ofSeconds(60), () -> "failover to finish");
        Screenshots.save(sceneOf(next.getScene().getWindow()), "failover-wizard-4-run");
        Fx.run(next::fire);
        String result = node(robot, "#fo-result", Label.class).getText();
        assertTrue(result.startsWith("✓"), result);
        assertTrue(Fx.call(() -> node(robot, "#fo-resume", Button.class).isVisible()), "the wizard offers the resume");
        Screenshots.save(sceneOf(next.getScene().getWindow()), "failover-wizard-5-result");
        Fx.run(next::fire); // Finish

        // 3. The service answers at the same address, now from the survivor.
        assertTrue(lab.lab.httpGet().contains("colo-lab guest"), "HTTP via the survivor");

        // 4. Resume replication from the main window's button (the survivor was the secondary).
        fire(robot, "#resumeSecondaryButton");
        Button rsNext = node(robot, "#resumeWizard-next", Button.class);
        try {
            Fx.waitFor(() -> !rsNext.isDisabled(), Duration.ofSeconds(60), () -> "the new secondary's preflight");
        } finally {
            Screenshots.save(sceneOf(rsNext.getScene().getWindow()), "resume-wizard-1-preflight");
        }
        Fx.run(rsNext::fire);
        ProgressBar bar = node(robot, "#runBar", ProgressBar.class);
        Fx.waitFor(() -> bar.isVisible() && bar.getProgress() > 0.2 && bar.getProgress() < 1, Duration.ofSeconds(60),
                () -> "the resync progress bar to move, at " + bar.getProgress());
        Screenshots.save(sceneOf(rsNext.getScene().getWindow()), "resume-wizard-2-resync");
        // Closing the console while the runbook runs asks first; "keep open" keeps everything as it is.
        Stage main = (Stage) scene.getWindow();
        javafx.application.Platform.runLater(() -> main.fireEvent(
                new javafx.stage.WindowEvent(main, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        Fx.waitFor(() -> !robot.lookup(".dialog-pane").queryAll().isEmpty(), Duration.ofSeconds(10), () -> "the close question");
        javafx.scene.control.DialogPane ask = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        assertTrue(Fx.call(ask::getContentText).contains("never stops them"), Fx.call(ask::getContentText));
        Screenshots.save(ask.getScene(), "close-while-running");
        Fx.run(() -> ask.getButtonTypes().stream().filter(t -> t.getText().startsWith("Keep")).findFirst()
                .map(t -> (Button) ask.lookupButton(t)).orElseThrow().fire());
        assertTrue(Fx.call(main::isShowing), "the console stays open");
        Fx.waitFor(() -> !rsNext.isDisabled(), Duration.ofSeconds(180), () -> "the resume to finish");
        RunProgressModel progress = (RunProgressModel) bar.getParent().getUserData();
        List<Double> seen = progress.fractionsSeen();
        assertTrue(seen.stream().filter(f -> f > 0 && f < 1).distinct().count() >= 2, "the bar moved: " + seen);
        assertEquals(1.0, Fx.call(bar::getProgress), 1e-9);
        Fx.run(rsNext::fire);
        assertTrue(node(robot, "#rs-result", Label.class).getText().startsWith("✓"));
        Fx.run(rsNext::fire);
        Fx.waitFor(() -> badge.getText().equals("✓ Protected"), Duration.ofSeconds(60), () -> "Protected again: " + badge.getText());
        // Roles swapped: the secondary node's QEMU is the primary now.
        assertEquals("primary", node(robot, "#svm-role", Label.class).getText());
        assertTrue(lab.lab.httpGet().contains("colo-lab guest"));
        Screenshots.save(scene, "main-window-protected-again");

        // 5. Close the console: the VMs keep running; a new console attaches and shows the truth.
        app.stop();
        ColoConsoleApp second = Fx.call(() -> lab.open(new Stage(), "window2.properties"));
        Label badge2 = Fx.call(() -> (Label) second.window().root().lookup("#stateBadge"));
        Label svmRole2 = Fx.call(() -> (Label) second.window().root().lookup("#svm-role"));
        Fx.waitFor(() -> badge2.getText().equals("✓ Protected") && svmRole2.getText().equals("primary"),
                Duration.ofSeconds(30), () -> "the second console: " + badge2.getText() + " / " + svmRole2.getText());
        second.stop();
        assertTrue(lab.lab.httpGet().contains("colo-lab guest"), "still serving after both consoles closed");
    }

    /** Presses a button that opens a text dialog, types the answer and presses OK. */
    private void answerDialog(FxRobot robot, String buttonId, String answer) {
        Button b = node(robot, buttonId, Button.class);
        Fx.waitFor(() -> !b.isDisabled(), Duration.ofSeconds(20), () -> buttonId + " enabled");
        // showAndWait runs a nested event loop: fire without waiting for the handler to return.
        javafx.application.Platform.runLater(b::fire);
        Fx.waitFor(() -> !robot.lookup(".dialog-pane").queryAll().isEmpty(), Duration.ofSeconds(10), () -> "the dialog");
        javafx.scene.control.DialogPane pane = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        Fx.run(() -> {
            ((javafx.scene.control.TextField) pane.lookup(".text-field")).setText(answer);
            ((Button) pane.lookupButton(javafx.scene.control.ButtonType.OK)).fire();
        });
        Fx.waitFor(() -> robot.lookup(".dialog-pane").queryAll().isEmpty(), Duration.ofSeconds(10), () -> "the dialog to close");
    }
}
