package org.coloconsole.app;

import java.io.IOException;
import java.net.URL;
import java.util.List;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.coloconsole.app.log.EventLogView;
import org.coloconsole.app.pair.NodeCardView;
import org.coloconsole.app.pair.PairViewModel;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.app.timeline.ChartColors;
import org.coloconsole.app.timeline.ChartsPane;
import org.coloconsole.app.ui.FxDialogService;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.control.Session;

/**
 * Controller of the main window (fxml/MainWindow.fxml), thin: it binds the view to the
 * {@link MainViewModel}, where every action lives, and builds the selected pair's cards, charts
 * and log. The engine runs on its own threads; nothing here blocks the FX thread.
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
    @FXML private StackPane chartsHolder;
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
    @FXML private Button drillsButton;
    @FXML private Button addPairButton;
    @FXML private ToggleButton autoToggle;
    @FXML private Button switchoverButton;
    @FXML private Button clearButton;
    @FXML private ToggleButton maintenanceToggle;
    @FXML private Label pacemakerView;

    private MainViewModel model;
    private final EventLogView log = EventLogView.create();
    private PairViewModel shown;
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
        controller.model = new MainViewModel(pairs, source, store, new Session(),
                new FxDialogService(() -> controller.stage), UiThreads.console());
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
        pairList.setCellFactory(list -> new PairCell(model.models()));
        pairList.setItems(model.pairNames);
        model.badgeChanges.addListener((o, was, now) -> pairList.refresh());
        logPane.getChildren().setAll(log.root());
        pairView.setVisible(false);
        statusLine.textProperty().bind(model.status);
        runLabel.textProperty().bind(model.runLabel);
        runProgress.progressProperty().bind(model.runProgress);
        runProgress.visibleProperty().bind(model.runVisible);
        actionHint.textProperty().bind(model.hint);
        protectButton.disableProperty().bind(model.protectDisabled);
        stopButton.disableProperty().bind(model.stopDisabled);
        delayButton.disableProperty().bind(model.delayDisabled);
        preflightButton.disableProperty().bind(model.preflightDisabled);
        failoverButton.disableProperty().bind(model.failoverDisabled);
        resumePrimaryButton.disableProperty().bind(model.resumePrimaryDisabled);
        resumeSecondaryButton.disableProperty().bind(model.resumeSecondaryDisabled);
        exportButton.disableProperty().bind(model.exportDisabled);
        drillsButton.disableProperty().bind(model.drillsDisabled);
        autoToggle.disableProperty().bind(model.autoDisabled);
        // A Pacemaker pair: its own actions and its view appear; they take no room otherwise.
        for (javafx.scene.Node n : new javafx.scene.Node[] {switchoverButton, clearButton, maintenanceToggle, pacemakerView}) {
            n.visibleProperty().bind(model.pacemakerManaged);
            n.managedProperty().bind(model.pacemakerManaged);
        }
        model.maintenance.addListener((o, was, now) -> maintenanceToggle.setSelected(now));
        model.autoArmed.addListener((o, was, now) -> autoToggle.setSelected(now));
        pairList.getSelectionModel().selectedItemProperty().addListener((o, was, name) -> {
            if (!java.util.Objects.equals(name, model.selectedName.get())) {
                model.select(name);
            }
        });
        model.selectedName.addListener((o, was, name) -> {
            if (name != null && !name.equals(pairList.getSelectionModel().getSelectedItem())) {
                pairList.getSelectionModel().select(name);
            }
        });
        model.current.addListener((o, was, now) -> show(now));
    }

    /** Selects the pair named {@code last} if there is one, else the first. */
    public void selectInitial(String last) {
        if (model.pairNames.isEmpty()) {
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

    /** Shows a pair in full (null: none): banner, cards, charts, its log. */
    private void show(PairViewModel vm) {
        if (shown != null) {
            shown.showLogIn(null);
            shown.healthStyle.removeListener(badgeStyleListener);
            shown = null;
        }
        if (chartsPane != null) {
            chartsPane.close();
            chartsPane = null;
            chartsHolder.getChildren().clear();
        }
        log.clear();
        if (vm == null) {
            pairView.setVisible(false);
            emptyPairView.setVisible(true);
            return;
        }
        shown = vm;
        log.append(vm.showLogIn(log::append));
        stateBadge.textProperty().bind(vm.health);
        vm.healthStyle.addListener(badgeStyleListener);
        badgeStyle(vm.healthStyle.get());
        stateReason.textProperty().bind(vm.reason);
        checkpointCount.textProperty().bind(vm.checkpoints);
        pacemakerView.textProperty().bind(vm.pacemaker);
        cards.getChildren().setAll(NodeCardView.of(vm.primary, "pvm"), PairLinkView.of(vm), NodeCardView.of(vm.secondary, "svm"));
        chartsPane = ChartsPane.of(vm.series);
        chartsHolder.getChildren().setAll(chartsPane.root());
        chartsPane.timeline().setProbe(vm.probe);
        chartsPane.setColors(dark ? ChartColors.DARK : ChartColors.LIGHT);
        chartsPane.setController(vm.controller());
        emptyPairView.setVisible(false);
        pairView.setVisible(true);
    }

    private final javafx.beans.value.ChangeListener<String> badgeStyleListener = (o, was, now) -> badgeStyle(now);

    private void badgeStyle(String style) {
        stateBadge.getStyleClass().removeIf(c -> c.startsWith("health-"));
        stateBadge.getStyleClass().add(style);
    }

    // ---- actions: all in the view model ----

    @FXML
    private void onProtect() {
        model.protect();
    }

    @FXML
    private void onStop() {
        model.stop();
    }

    @FXML
    private void onDelay() {
        model.changeDelay();
    }

    @FXML
    private void onPreflight() {
        model.preflight();
    }

    @FXML
    private void onFailover() {
        model.failover();
    }

    @FXML
    private void onResume() {
        model.resume();
    }

    @FXML
    private void onAutoFailover() {
        boolean want = autoToggle.isSelected();
        // The toggle shows the truth: it moves when the engine has armed (or disarmed), not on the click.
        autoToggle.setSelected(model.autoArmed.get());
        model.setAutoFailover(want);
    }

    @FXML
    private void onSwitchover() {
        model.switchover();
    }

    @FXML
    private void onClearConstraints() {
        model.clearConstraints();
    }

    @FXML
    private void onMaintenance() {
        boolean want = maintenanceToggle.isSelected();
        maintenanceToggle.setSelected(model.maintenance.get());
        model.setMaintenance(want);
    }

    @FXML
    private void onExport() {
        model.export();
    }

    @FXML
    private void onDrills() {
        model.drills();
    }

    @FXML
    private void onAddPair() {
        model.addPair();
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

    /** May the window close? (asks while a runbook runs; see {@link MainViewModel#confirmClose()}) */
    public boolean confirmClose() {
        return model.confirmClose();
    }

    public Parent root() {
        return root;
    }

    public String selectedPair() {
        return pairList.getSelectionModel().getSelectedItem();
    }

    public PairViewModel current() {
        return model.current.get();
    }

    public MainViewModel model() {
        return model;
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
        model.shutdown();
    }
}
