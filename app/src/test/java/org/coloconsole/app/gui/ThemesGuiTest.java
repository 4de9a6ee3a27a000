package org.coloconsole.app.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.coloconsole.app.ColoConsoleApp;
import org.coloconsole.app.MainViewModel;
import org.coloconsole.app.WindowState;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.app.wizard.ResumeWizardModel;
import org.coloconsole.app.wizard.ResumeWizardView;
import org.coloconsole.app.wizard.RunProgressModel;
import org.coloconsole.app.wizard.RunbookProgressView;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.model.StepInfo;
import org.coloconsole.engine.testing.LabFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Every view in both themes, screenshotted for a person to look at (target/screenshots/theme-*),
 * and the text the dark theme made unreadable before (the selected pair, the log's filter)
 * measured: its contrast with what is behind it must reach WCAG's 4.5:1.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class ThemesGuiTest {
    private static final Path WORK = Path.of("target", "gui-themes").toAbsolutePath();
    private ColoConsoleApp app;
    private Stage main;

    @Start
    void start(Stage stage) throws Exception {
        Files.createDirectories(WORK);
        Files.deleteIfExists(WORK.resolve("window.properties"));
        Path profile = WORK.resolve("lab.yaml");
        // The loopback lab's pair, nothing running: every view has real content to show.
        Files.writeString(profile, LabProfile.yaml(LabFixture.assets(), WORK.resolve("pair")));
        main = stage;
        app = new ColoConsoleApp();
        app.start(stage, List.of("--profile", profile.toString()), new WindowState(WORK.resolve("window.properties")),
                new ProfileStore(WORK.resolve("profiles")));
    }

    @Test
    void everyViewInBothThemesAndTheTextStaysReadable() throws Exception {
        MainViewModel vm = app.window().model();
        Label reason = (Label) Fx.call(() -> main.getScene().lookup("#stateReason"));
        Fx.waitFor(() -> reason.getText().contains("neither node answers"), Duration.ofSeconds(20),
                () -> "the first poll: " + reason.getText());
        List<String> low = new ArrayList<>();
        for (String theme : List.of("light", "dark")) {
            Fx.run(() -> app.window().setDark(theme.equals("dark")));
            TextField filter = (TextField) Fx.call(() -> main.getScene().lookup("#logText"));
            Fx.run(() -> filter.setText("migrate"));
            Fx.run(() -> main.getScene().getRoot().requestFocus()); // the list unfocused: its selection is the grey bar
            Fx.run(() -> main.getScene().getRoot().applyCss());
            Screenshots.save(main.getScene(), "theme-" + theme + "-main");
            ListCell<?> cell = (ListCell<?>) Fx.call(() -> main.getScene().lookup("#pair-lab"));
            Label name = (Label) Fx.call(() -> cell.lookup(".pair-name"));
            contrast(theme + " selected pair name", Fx.call(name::getTextFill), Fx.call(() -> backgroundOf(cell)), low);
            Text typed = (Text) Fx.call(() -> filter.lookupAll(".text").stream().filter(n -> n instanceof Text t
                    && "migrate".equals(t.getText())).findFirst().orElseThrow());
            contrast(theme + " log filter text", Fx.call(typed::getFill), Fx.call(() -> backgroundOf(filter)), low);
            Fx.run(() -> filter.setText(""));

            // A question (its showAndWait runs a nested loop: fired, not waited for).
            javafx.application.Platform.runLater(vm::changeDelay);
            Stage ask = window("Checkpoint delay");
            shot(ask, "theme-" + theme + "-question");
            Fx.run(() -> {
                javafx.scene.control.DialogPane pane = (javafx.scene.control.DialogPane) ask.getScene().getRoot();
                ((javafx.scene.control.Button) pane.lookupButton(javafx.scene.control.ButtonType.CANCEL)).fire();
            });

            Fx.run(vm::addPair);
            Stage editor = window("Add pair · profile editor");
            Fx.run(() -> ((TextField) editor.getScene().lookup("#pe-primary-portBase")).setText("70000"));
            shot(editor, "theme-" + theme + "-profile-editor");
            Fx.run(editor::close);

            Fx.run(vm::failover);
            Stage wizard = window("Guided failover · pair lab");
            Fx.waitFor(() -> ((Label) wizard.getScene().lookup("#fo-summary")).getText().startsWith("✗"), Duration.ofSeconds(20),
                    () -> "the assessment");
            shot(wizard, "theme-" + theme + "-failover-wizard");
            Fx.run(wizard::close);

            Fx.run(vm::preflight);
            Stage preflight = window("Preflight · pair lab");
            Fx.waitFor(() -> preflight.getScene().lookup(".check-pass") != null, Duration.ofSeconds(60), () -> "the preflight");
            shot(preflight, "theme-" + theme + "-preflight");
            Fx.run(preflight::close);

            PairController c = vm.current.get().controller();
            Plan plan = c.namedPlan("resume-from-primary");
            Fx.run(() -> ResumeWizardView.open(main, new ResumeWizardModel(c, plan, Slot.PRIMARY_NODE, UiThreads.console())));
            Stage resume = window("Resume replication · pair lab");
            Fx.waitFor(() -> resume.getScene().lookup(".check-pass") != null, Duration.ofSeconds(60), () -> "its preflight");
            shot(resume, "theme-" + theme + "-resume-wizard");
            Fx.run(resume::close);

            // A run as it shows mid-way: steps done, one running with its progress, one failed and undone.
            RunProgressModel run = new RunProgressModel(plan, UiThreads.direct());
            List<StepInfo> steps = plan.stepInfos();
            Fx.run(() -> {
                var l = run.listener();
                for (int i = 0; i < 3; i++) {
                    l.stepStarted(i, steps.size(), steps.get(i));
                    l.sent(steps.get(i), steps.get(i).sends());
                    l.answered(steps.get(i), "{}");
                }
                l.stepStarted(3, steps.size(), steps.get(3));
                l.progress(steps.get(3), "12 of 64 MiB, 16 MiB/s, 3 s left", 0.19);
                l.stepFailed(steps.get(3), "an example failure");
                l.undone(steps.get(1), true, "{}");
                l.finished(new RunResult(plan.name(), false, 3, steps.get(3), "an example failure", "observed",
                        Duration.ofSeconds(2)));
                Stage s = new Stage();
                s.initOwner(main);
                s.setTitle("run");
                Parent root = RunbookProgressView.of(run);
                Scene scene = new Scene(root, 820, 600);
                scene.getStylesheets().setAll(main.getScene().getStylesheets());
                s.setScene(scene);
                s.show();
            });
            Stage runWindow = window("run");
            shot(runWindow, "theme-" + theme + "-run-progress");
            Fx.run(runWindow::close);
        }
        assertTrue(low.isEmpty(), "text below 4.5:1 contrast: " + low);
    }

    private static void shot(Stage s, String name) throws Exception {
        Fx.run(() -> s.getScene().getRoot().applyCss());
        Screenshots.save(s.getScene(), name);
    }

    private static Stage window(String title) {
        // waitFor evaluates on the FX thread; find must not hop to it again.
        Fx.waitFor(() -> find(title).isPresent(), Duration.ofSeconds(10), () -> "the window '" + title + "'");
        return Fx.call(() -> find(title).orElseThrow());
    }

    /** FX thread only. */
    private static Optional<Stage> find(String title) {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && title.equals(s.getTitle()))
                .map(w -> (Stage) w).findFirst();
    }

    /** The colour drawn behind a control: its last opaque background fill, else its parents'. */
    private static Color backgroundOf(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (at instanceof javafx.scene.layout.Region r) {
                Background b = r.getBackground();
                if (b != null) {
                    for (int i = b.getFills().size() - 1; i >= 0; i--) {
                        BackgroundFill f = b.getFills().get(i);
                        if (f.getFill() instanceof Color c && c.getOpacity() > 0.9) {
                            return c;
                        }
                    }
                }
            }
        }
        return Color.WHITE;
    }

    private static void contrast(String what, Paint text, Color back, List<String> low) {
        Color t = (Color) text;
        double a = luminance(t) + 0.05;
        double b = luminance(back) + 0.05;
        double ratio = Math.max(a, b) / Math.min(a, b);
        System.out.printf("[themes] %s: %s on %s, contrast %.1f:1%n", what, t, back, ratio);
        if (ratio < 4.5) {
            low.add(String.format("%s (%s on %s: %.1f:1)", what, t, back, ratio));
        }
    }

    private static double luminance(Color c) {
        return 0.2126 * lin(c.getRed()) + 0.7152 * lin(c.getGreen()) + 0.0722 * lin(c.getBlue());
    }

    private static double lin(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
