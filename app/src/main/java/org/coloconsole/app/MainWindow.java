package org.coloconsole.app;

import org.coloconsole.engine.model.ColoMode;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.coloconsole.app.log.EventLogView;
import org.coloconsole.app.pair.NodeCardView;
import org.coloconsole.app.pair.PairViewModel;
import org.coloconsole.app.profile.ProfileEditor;
import org.coloconsole.app.profile.ProfileForm;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.app.timeline.ChartColors;
import org.coloconsole.app.timeline.ChartsPane;
import org.coloconsole.app.wizard.Background;
import org.coloconsole.app.wizard.FailoverWizard;
import org.coloconsole.app.wizard.PreflightView;
import org.coloconsole.app.wizard.ResumeWizard;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.control.PairActions;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.PreflightReport;
import org.coloconsole.engine.model.Role;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.model.StepInfo;

/**
 * Controller of the main window (fxml/MainWindow.fxml): the pairs on the left; the selected
 * pair's banner, node cards, charts and log; the actions. The engine runs on its own threads;
 * everything here runs on the FX thread and hands blocking work to {@link Background} or to the
 * pair's {@link PairController}.
 */
public final class MainWindow {
    @FXML private Parent root;
    @FXML private ListView<String> pairList;
    @FXML private Label emptyPairView;
    @FXML private VBox pairView;
    @FXML private Label stateBadge;
    @FXML private Label stateReason;
    @FXML private Label checkpointCount;
    @FXML private HBox cards;
    @FXML private HBox chartBar;
    @FXML private VBox charts;
    @FXML private StackPane logPane;
    @FXML private Label statusLine;
    @FXML private Label runLabel;
    @FXML private ProgressBar runProgress;
    @FXML private Label actionHint;
    @FXML private ToggleButton darkToggle;
    @FXML private Button protectButton;
    @FXML private Button stopButton;
    @FXML private Button delayButton;
    @FXML private Button preflightButton;
    @FXML private Button failoverButton;
    @FXML private Button resumePrimaryButton;
    @FXML private Button resumeSecondaryButton;
    @FXML private Button exportButton;
    @FXML private Button addPairButton;
    @FXML private ToggleButton autoToggle;

    private final List<PairSpec> pairs = new ArrayList<>();
    private String source;
    private ProfileStore store;
    private final Session session = new Session();
    private final EventLogView log = new EventLogView();
    private PairViewModel current;
    /** Every pair is watched (its badge in the list stays true); only the selected one is shown in full. */
    private final java.util.Map<String, PairViewModel> models = new java.util.HashMap<>();
    private ChartsPane chartsPane;
    private Stage stage;
    private boolean dark;

    public static MainWindow load(List<PairSpec> pairs, String source, ProfileStore store) {
        URL fxml = MainWindow.class.getResource("/fxml/MainWindow.fxml");
        if (fxml == null) {
            throw new IllegalStateException("fxml/MainWindow.fxml missing from the app's resources");
        }
        FXMLLoader loader = new FXMLLoader(fxml);
        MainWindow controller = new MainWindow();
        controller.pairs.addAll(pairs);
        controller.source = source;
        controller.store = store;
        loader.setController(controller);
        try {
            loader.load();
        } catch (IOException e) {
            throw new IllegalStateException("cannot load fxml/MainWindow.fxml: " + e.getMessage(), e);
        }
        return controller;
    }

    @FXML
    private void initialize() {
        pairList.setCellFactory(list -> new PairCell(models));
        for (PairSpec p : pairs) {
            watch(p);
            pairList.getItems().add(p.name());
        }
        logPane.getChildren().setAll(log);
        pairView.setVisible(false);
        statusLine.setText(pairs.size() + " pair(s) from " + source);
        pairList.getSelectionModel().selectedItemProperty().addListener((o, was, name) -> select(name));
        showActions(null);
    }

    /** Selects the pair named {@code last} if there is one, else the first. */
    public void selectInitial(String last) {
        if (pairs.isEmpty()) {
            return;
        }
        int i = last == null ? -1 : pairList.getItems().indexOf(last);
        pairList.getSelectionModel().select(Math.max(0, i));
    }

    public void attach(Stage stage) {
        this.stage = stage;
        Scene scene = stage.getScene();
        var acc = scene.getAccelerators();
        acc.put(KeyCombination.keyCombination("Shortcut+P"), protectButton::fire);
        acc.put(KeyCombination.keyCombination("Shortcut+Shift+S"), stopButton::fire);
        acc.put(KeyCombination.keyCombination("Shortcut+D"), delayButton::fire);
        acc.put(KeyCombination.keyCombination("F5"), preflightButton::fire);
        acc.put(KeyCombination.keyCombination("Shortcut+F"), failoverButton::fire);
        acc.put(KeyCombination.keyCombination("Shortcut+R"), () -> {
            if (!resumePrimaryButton.isDisabled()) {
                resumePrimaryButton.fire();
            } else {
                resumeSecondaryButton.fire();
            }
        });
        acc.put(KeyCombination.keyCombination("Shortcut+E"), exportButton::fire);
        acc.put(KeyCombination.keyCombination("Shortcut+N"), addPairButton::fire);
        acc.put(KeyCombination.keyCombination("Shortcut+T"), darkToggle::fire);
    }

    /** Starts watching a pair (its controller polls it from now on). */
    private PairViewModel watch(PairSpec pair) {
        PairController controller = session.open(pair);
        PairViewModel vm = new PairViewModel(controller);
        vm.health.addListener((o, was, now) -> pairList.refresh());
        models.put(pair.name(), vm);
        controller.start();
        return vm;
    }

    private void select(String name) {
        if (current != null) {
            current.showLogIn(null);
            current.actions.removeListener(actionsListener);
            current.healthStyle.removeListener(badgeStyleListener);
            current = null;
        }
        if (chartsPane != null) {
            chartsPane.close();
        }
        log.clear();
        PairViewModel vm = name == null ? null : models.get(name);
        if (vm == null) {
            pairView.setVisible(false);
            emptyPairView.setVisible(true);
            showActions(null);
            return;
        }
        PairController controller = vm.controller();
        current = vm;
        log.append(vm.showLogIn(log::append));
        stateBadge.textProperty().bind(vm.health);
        vm.healthStyle.addListener(badgeStyleListener);
        badgeStyle(vm.healthStyle.get());
        stateReason.textProperty().bind(vm.reason);
        checkpointCount.textProperty().bind(vm.checkpoints);
        cards.getChildren().setAll(new NodeCardView(vm.primary, "pvm"), link(vm), new NodeCardView(vm.secondary, "svm"));
        chartsPane = new ChartsPane(vm.series, chartBar, charts);
        chartsPane.timeline().setProbe(vm.probe);
        chartsPane.setColors(dark ? ChartColors.DARK : ChartColors.LIGHT);
        chartsPane.setController(controller);
        vm.actions.addListener(actionsListener);
        showActions(vm.actions.get());
        emptyPairView.setVisible(false);
        pairView.setVisible(true);
        vm.refresh();
    }

    private final javafx.beans.value.ChangeListener<PairActions> actionsListener = (o, was, now) -> showActions(now);
    private final javafx.beans.value.ChangeListener<String> badgeStyleListener = (o, was, now) -> badgeStyle(now);

    private void badgeStyle(String style) {
        stateBadge.getStyleClass().removeIf(c -> c.startsWith("health-"));
        stateBadge.getStyleClass().add(style);
    }

    /** The link between the two cards: a line coloured by replication health, with a word on it. */
    private static VBox link(PairViewModel vm) {
        Label word = new Label();
        word.textProperty().bind(vm.linkText);
        word.getStyleClass().add("link-text");
        word.setId("linkText");
        javafx.scene.layout.Region line = new javafx.scene.layout.Region();
        line.getStyleClass().addAll("pair-link-line", "link-" + vm.linkHealth.get());
        line.setId("linkLine");
        vm.linkHealth.addListener((o, was, now) -> {
            line.getStyleClass().removeIf(c -> c.startsWith("link-"));
            line.getStyleClass().add("link-" + now);
        });
        Label arrows = new Label("⇄");
        arrows.getStyleClass().add("pair-link");
        VBox box = new VBox(4, arrows, line, word);
        box.setAlignment(javafx.geometry.Pos.CENTER);
        box.getStyleClass().add("pair-link-box");
        return box;
    }

    private void showActions(PairActions a) {
        boolean none = a == null;
        protectButton.setDisable(none || !a.protect());
        stopButton.setDisable(none || !a.stop());
        delayButton.setDisable(none || !a.changeDelay());
        failoverButton.setDisable(none || !a.failover());
        resumePrimaryButton.setDisable(none || !a.resumeFromPrimary());
        resumeSecondaryButton.setDisable(none || !a.resumeFromSecondary());
        boolean busy = current != null && current.controller().running().isPresent();
        preflightButton.setDisable(current == null || busy);
        exportButton.setDisable(current == null);
        autoToggle.setDisable(current == null || !current.controller().pair().fenced());
        autoToggle.setSelected(current != null && current.controller().autoFailoverArmed());
        actionHint.setText(none ? "" : a.hint());
    }

    // ---- actions ----

    @FXML
    private void onProtect() {
        if (current != null) {
            runWithStatus(current.controller().protectPlan());
        }
    }

    @FXML
    private void onStop() {
        if (current == null) {
            return;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Stop protection shuts down BOTH QEMUs of pair "
                + current.controller().pair().name() + ": the VM stops serving. The disks stay.",
                new ButtonType("Stop both QEMUs", ButtonBar.ButtonData.OK_DONE), ButtonType.CANCEL);
        a.initOwner(stage);
        a.setHeaderText("Stop the pair?");
        a.showAndWait().filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE)
                .ifPresent(b -> runWithStatus(current.controller().stopPlan()));
    }

    @FXML
    private void onDelay() {
        if (current == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog(Integer.toString(current.controller().pair().checkpointDelayMs()));
        d.initOwner(stage);
        d.setTitle("Checkpoint delay");
        d.setHeaderText("Periodic checkpoint interval in ms (100 … 3600000). A shorter one sends less per\n"
                + "checkpoint but pauses the VM more often; mismatches checkpoint at once anyway.");
        d.getEditor().setId("delayInput");
        Optional<String> v = d.showAndWait();
        if (v.isEmpty()) {
            return;
        }
        int ms;
        try {
            ms = Integer.parseInt(v.get().strip());
            current.controller().delayPlan(ms); // validates the range
        } catch (IllegalArgumentException e) {
            statusLine.setText("checkpoint delay: " + (e instanceof NumberFormatException ? "not a whole number of ms: '"
                    + v.get() + "'" : e.getMessage()));
            return;
        }
        PairViewModel vm = current;
        statusLine.setText("setting the checkpoint delay to " + ms + " ms…");
        vm.controller().changeDelay(ms, RunListener.NONE).whenComplete((r, e) -> Platform.runLater(() ->
                finished(vm, r, e)));
    }

    @FXML
    private void onPreflight() {
        if (current == null) {
            return;
        }
        PairController c = current.controller();
        PreflightView view = new PreflightView();
        view.setId("preflightReport");
        view.getChildren().add(new Label("Running preflight on both nodes…"));
        Stage s = new Stage();
        s.initOwner(stage);
        s.setTitle("Preflight · pair " + c.pair().name());
        ScrollPane scroll = new ScrollPane(view);
        scroll.setFitToWidth(true);
        scroll.setPadding(new javafx.geometry.Insets(12));
        Scene scene = new Scene(scroll, 820, 560);
        scene.getStylesheets().setAll(stage.getScene().getStylesheets());
        s.setScene(scene);
        s.show();
        // Each node is checked for the role it holds now (roles swap after a resume).
        boolean swapped = c.primaryNow() == Slot.SECONDARY_NODE;
        Background.run("preflight", () -> new PreflightReport[] {
            c.preflight(Slot.PRIMARY_NODE, swapped ? Role.SECONDARY : Role.PRIMARY),
            c.preflight(Slot.SECONDARY_NODE, swapped ? Role.PRIMARY : Role.SECONDARY)},
                view::show, e -> view.showError("preflight", e));
    }

    @FXML
    private void onFailover() {
        if (current != null) {
            new FailoverWizard(stage, current.controller(), this::onResume).open();
        }
    }

    @FXML
    private void onResume() {
        if (current == null) {
            return;
        }
        PairController c = current.controller();
        Optional<Plan> plan = c.resumePlan();
        PairActions a = c.actions();
        if (plan.isEmpty() || a.resumePrimary() == null) {
            statusLine.setText("Nothing to resume: " + a.hint());
            return;
        }
        new ResumeWizard(stage, c, plan.get(), a.resumePrimary()).open();
    }

    @FXML
    private void onAutoFailover() {
        if (current == null) {
            return;
        }
        PairController c = current.controller();
        boolean on = autoToggle.isSelected();
        // Arming starts a heartbeat thread; disarming waits for it to stop: off the FX thread.
        Background.run("auto-failover", () -> {
            c.armAutoFailover(on);
            return on;
        }, armed -> statusLine.setText("automatic failover " + (armed ? "ARMED for " : "off for ") + c.pair().name()),
                e -> {
                    autoToggle.setSelected(c.autoFailoverArmed());
                    statusLine.setText("automatic failover: " + e.getMessage());
                });
    }

    @FXML
    private void onExport() {
        if (current == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog(Path.of(System.getProperty("user.home"), "colo-console-exports").toString());
        d.initOwner(stage);
        d.setTitle("Export history");
        d.setHeaderText("Directory for the checkpoint history (CSV, JSON) and the runbook journal:");
        Optional<String> dir = d.showAndWait();
        if (dir.isEmpty() || dir.get().isBlank()) {
            return;
        }
        PairController c = current.controller();
        Background.run("export", () -> {
            try {
                return c.exportHistory(Path.of(dir.get().strip()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, files -> statusLine.setText("exported: " + files), e -> statusLine.setText("export failed: " + e.getMessage()));
    }

    @FXML
    private void onAddPair() {
        PairSpec template = current != null ? current.controller().pair() : pairs.isEmpty() ? null : pairs.get(0);
        ProfileForm form = template == null ? new ProfileForm() : ProfileForm.from(template, "new-pair");
        new ProfileEditor(stage, form, store, session, this::pairSaved).open();
    }

    private void pairSaved(PairSpec p) {
        pairs.removeIf(x -> x.name().equals(p.name()));
        pairs.add(p);
        PairViewModel old = models.remove(p.name());
        if (old != null) {
            if (old == current) {
                current = null;
            }
            closeLater(old);
        }
        watch(p);
        if (!pairList.getItems().contains(p.name())) {
            pairList.getItems().add(p.name());
        }
        statusLine.setText("pair " + p.name() + " saved to " + store.fileFor(p.name()));
        pairList.getSelectionModel().select(p.name());
    }

    @FXML
    private void onToggleTheme() {
        setDark(darkToggle.isSelected());
    }

    public void setDark(boolean on) {
        dark = on;
        darkToggle.setSelected(on);
        Themes.apply(root.getScene(), on ? Themes.Variant.DARK : Themes.Variant.LIGHT);
        if (chartsPane != null) {
            chartsPane.setColors(on ? ChartColors.DARK : ChartColors.LIGHT);
        }
    }

    public boolean dark() {
        return dark;
    }

    /** Runs a runbook with its progress in the status bar (steps and the journal in the log). */
    private void runWithStatus(Plan rb) {
        PairViewModel vm = current;
        runProgress.setVisible(true);
        runProgress.setProgress(0);
        runLabel.setText(rb.name() + ": starting…");
        showActions(vm.controller().actions());
        vm.controller().run(rb, new RunListener() {
            @Override
            public void stepStarted(int index, int total, StepInfo step) {
                Platform.runLater(() -> {
                    runProgress.setProgress((double) index / total);
                    runLabel.setText(rb.name() + " [" + (index + 1) + "/" + total + "] " + step.slot().label() + ": "
                            + step.title());
                });
            }
        }).whenComplete((r, e) -> Platform.runLater(() -> finished(vm, r, e)));
        showActions(vm.controller().actions());
    }

    private void finished(PairViewModel vm, RunResult r, Throwable e) {
        runProgress.setVisible(false);
        String text = e != null ? "✗ " + e.getMessage() : r.ok() ? "✓ " + r.summary() : "✗ " + r.summary().lines().findFirst().orElse("");
        runLabel.setText(text);
        statusLine.setText(e == null && !r.ok() ? "the runbook stopped; the log and the journal have the details" : statusLine.getText());
        if (vm == current) {
            vm.refresh();
        }
    }

    /**
     * May the window close? While a runbook runs the operator is asked first: closing abandons
     * the runbook after its current command and never stops the VMs.
     */
    public boolean confirmClose() {
        if (current == null || current.controller().running().isEmpty()) {
            return true;
        }
        String rb = current.controller().running().get();
        ButtonType keep = new ButtonType("Keep the console open", ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonType close = new ButtonType("Close, leave the VMs running", ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "The runbook '" + rb + "' is still running. Closing the "
                + "console stops it after its current command. The VMs keep running as they are; the console "
                + "never stops them on exit. Run it again later to finish (steps already done are recognised).",
                keep, close);
        a.initOwner(stage);
        // Enter keeps the console open: closing mid-runbook must be a deliberate click.
        ((Button) a.getDialogPane().lookupButton(close)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(keep)).setDefaultButton(true);
        a.setHeaderText("A runbook is running");
        return a.showAndWait().map(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).orElse(false);
    }

    public Parent root() {
        return root;
    }

    public String selectedPair() {
        return pairList.getSelectionModel().getSelectedItem();
    }

    public PairViewModel current() {
        return current;
    }

    public ChartsPane charts() {
        return chartsPane;
    }

    public EventLogView log() {
        return log;
    }

    /** Stops watching (the VMs keep running: the console never owns them). */
    public void shutdown() {
        if (chartsPane != null) {
            chartsPane.close();
        }
        for (PairViewModel vm : models.values()) {
            vm.close();
        }
        session.close();
    }

    /** Closing a monitor waits for its threads: never on the FX thread. The VMs keep running. */
    private static void closeLater(PairViewModel vm) {
        Background.run("close-pair", () -> {
            vm.close();
            return null;
        }, v -> { }, e -> { });
    }
}
