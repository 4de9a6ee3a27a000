package org.coloconsole.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.coloconsole.app.pair.PairViewModel;
import org.coloconsole.app.profile.ProfileEditorModel;
import org.coloconsole.app.profile.ProfileForm;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.app.ui.DialogService;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.app.wizard.FailoverWizardModel;
import org.coloconsole.app.wizard.PreflightModel;
import org.coloconsole.app.wizard.ResumeWizardModel;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.control.PairActions;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.model.StepInfo;

/**
 * The main window as data: the pairs (every one watched), the selected one, which actions make
 * sense now and why, the status line and a running runbook's progress. Every operator action is a
 * method here; questions and windows go through the {@link DialogService}, blocking engine work
 * through {@link UiThreads}. {@link MainWindow} only binds to it.
 */
public final class MainViewModel {
    public final ObservableList<String> pairNames = FXCollections.observableArrayList();
    public final ObjectProperty<PairViewModel> current = new SimpleObjectProperty<>();
    /** The selected pair's name (the list follows it: a saved pair becomes the selected one). */
    public final StringProperty selectedName = new SimpleStringProperty();
    /** Counts changes of any pair's state badge: the list redraws its badges on each. */
    public final javafx.beans.property.IntegerProperty badgeChanges = new javafx.beans.property.SimpleIntegerProperty();
    public final StringProperty status = new SimpleStringProperty("");
    public final StringProperty runLabel = new SimpleStringProperty("");
    public final DoubleProperty runProgress = new SimpleDoubleProperty(0);
    public final BooleanProperty runVisible = new SimpleBooleanProperty(false);
    public final StringProperty hint = new SimpleStringProperty("");
    public final BooleanProperty protectDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty stopDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty delayDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty preflightDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty failoverDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty resumePrimaryDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty resumeSecondaryDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty exportDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty drillsDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty autoDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty autoArmed = new SimpleBooleanProperty(false);
    /** The selected pair is run by Pacemaker: its actions go through Pacemaker, the console's own failover is off. */
    public final BooleanProperty pacemakerManaged = new SimpleBooleanProperty(false);
    public final BooleanProperty maintenance = new SimpleBooleanProperty(false);

    private final Map<String, PairViewModel> models = new HashMap<>();
    private final Map<String, PairSpec> specs = new HashMap<>();
    private final Session session;
    private final ProfileStore store;
    private final DialogService dialogs;
    private final UiThreads ui;
    private final ChangeListener<PairActions> actionsListener = (o, was, now) -> showActions(now);

    public MainViewModel(List<PairSpec> pairs, String source, ProfileStore store, Session session, DialogService dialogs,
                         UiThreads ui) {
        this.session = session;
        this.store = store;
        this.dialogs = dialogs;
        this.ui = ui;
        for (PairSpec p : pairs) {
            watch(p);
            pairNames.add(p.name());
        }
        status.set(pairs.size() + " pair(s) from " + source);
        showActions(null);
    }

    /** The view model of each pair, by name (the list shows every pair's badge). */
    public Map<String, PairViewModel> models() {
        return models;
    }

    /** Starts watching a pair (its controller polls it from now on). */
    private PairViewModel watch(PairSpec pair) {
        PairController controller = session.open(pair);
        PairViewModel vm = new PairViewModel(controller, ui.fx());
        vm.health.addListener((o, was, now) -> badgeChanges.set(badgeChanges.get() + 1));
        models.put(pair.name(), vm);
        specs.put(pair.name(), pair);
        controller.start();
        return vm;
    }

    /** Shows the pair named {@code name} (null: none). */
    public void select(String name) {
        PairViewModel was = current.get();
        if (was != null) {
            was.actions.removeListener(actionsListener);
        }
        PairViewModel vm = name == null ? null : models.get(name);
        selectedName.set(vm == null ? null : name);
        current.set(vm);
        if (vm != null) {
            vm.actions.addListener(actionsListener);
            showActions(vm.actions.get());
            vm.refresh();
        } else {
            showActions(null);
        }
    }

    private PairController controller() {
        return current.get() == null ? null : current.get().controller();
    }

    void showActions(PairActions a) {
        boolean none = a == null;
        PairController c = controller();
        protectDisabled.set(none || !a.protect());
        stopDisabled.set(none || !a.stop());
        delayDisabled.set(none || !a.changeDelay());
        failoverDisabled.set(none || !a.failover());
        resumePrimaryDisabled.set(none || !a.resumeFromPrimary());
        resumeSecondaryDisabled.set(none || !a.resumeFromSecondary());
        preflightDisabled.set(c == null || c.running().isPresent());
        exportDisabled.set(c == null);
        drillsDisabled.set(c == null);
        autoDisabled.set(c == null || !c.pair().fenced());
        autoArmed.set(c != null && c.autoFailoverArmed());
        hint.set(none ? "" : a.hint());
        boolean managed = c != null && c.pacemakerManaged();
        pacemakerManaged.set(managed);
        if (managed) {
            // Never behind Pacemaker's back: it fails over, resumes and stops; a protect only from cold.
            stopDisabled.set(true);
            failoverDisabled.set(true);
            resumePrimaryDisabled.set(true);
            resumeSecondaryDisabled.set(true);
            autoDisabled.set(true);
            maintenance.set(c.clusterStatus().map(org.coloconsole.engine.model.ClusterStatus::maintenance).orElse(false));
            hint.set(PairController.PACEMAKER_DECIDES + "; switchover, clear and maintenance go through Pacemaker");
        }
    }

    // ---- actions ----

    public void protect() {
        PairController c = controller();
        if (c != null) {
            run(c.protectPlan());
        }
    }

    public void stop() {
        PairController c = controller();
        if (c != null && dialogs.confirm("Stop the pair?", "Stop protection shuts down BOTH QEMUs of pair "
                + c.pair().name() + ": the VM stops serving. The disks stay.", "Stop both QEMUs")) {
            run(c.stopPlan());
        }
    }

    public void changeDelay() {
        PairController c = controller();
        if (c == null) {
            return;
        }
        Optional<String> v = dialogs.ask("Checkpoint delay", "Periodic checkpoint interval in ms (100 … 3600000). A "
                + "shorter one sends less per\ncheckpoint but pauses the VM more often; mismatches checkpoint at once anyway.",
                Integer.toString(c.pair().checkpointDelayMs()), "delayInput");
        if (v.isEmpty()) {
            return;
        }
        int ms;
        try {
            ms = Integer.parseInt(v.get().strip());
            c.delayPlan(ms); // validates the range
        } catch (IllegalArgumentException e) {
            status.set("checkpoint delay: " + (e instanceof NumberFormatException ? "not a whole number of ms: '"
                    + v.get() + "'" : e.getMessage()));
            return;
        }
        PairViewModel vm = current.get();
        status.set("setting the checkpoint delay to " + ms + " ms…");
        c.changeDelay(ms, RunListener.NONE).whenComplete((r, e) -> ui.onFx(() -> finished(vm, r, e)));
    }

    public void preflight() {
        PairController c = controller();
        if (c == null) {
            return;
        }
        PreflightModel m = new PreflightModel(ui);
        // Each node is checked for the role it holds now (roles swap after a resume); the controller decides.
        m.run("both nodes", c::preflightBoth);
        dialogs.showPreflight(m, "Preflight · pair " + c.pair().name());
    }

    public void failover() {
        PairController c = controller();
        if (c != null) {
            dialogs.openFailoverWizard(new FailoverWizardModel(c, ui, this::resume));
        }
    }

    public void resume() {
        PairController c = controller();
        if (c == null) {
            return;
        }
        Optional<Plan> plan = c.resumePlan();
        PairActions a = c.actions();
        if (plan.isEmpty() || a.resumePrimary() == null) {
            status.set("Nothing to resume: " + a.hint());
            return;
        }
        dialogs.openResumeWizard(new ResumeWizardModel(c, plan.get(), a.resumePrimary(), ui));
    }

    /**
     * Arms or disarms automatic failover (starting or stopping the heartbeat, off the FX thread);
     * {@link #autoArmed} follows what the engine did, not what was asked.
     */
    public void setAutoFailover(boolean on) {
        PairController c = controller();
        if (c == null) {
            return;
        }
        ui.run(() -> {
            c.armAutoFailover(on);
            return on;
        }, armed -> {
            autoArmed.set(c.autoFailoverArmed());
            status.set("automatic failover " + (armed ? "ARMED for " : "off for ") + c.pair().name());
        }, e -> {
            autoArmed.set(c.autoFailoverArmed());
            status.set("automatic failover: " + e.getMessage());
        });
    }

    /** Switchover through Pacemaker to the node that is not promoted now, after the operator confirms. */
    public void switchover() {
        PairController c = controller();
        if (c == null || !c.pacemakerManaged()) {
            return;
        }
        Slot to = c.pacemakerSwitchoverTarget().orElse(null);
        if (to == null) {
            status.set("switchover: Pacemaker has the pair promoted nowhere now; nothing to move");
            return;
        }
        String from = c.pair().pacemaker().node(to.other());
        String target = c.pair().pacemaker().node(to);
        if (!dialogs.confirm("Switchover?", "Pacemaker moves the promoted role of pair " + c.pair().name() + " from "
                + from + " to " + target + ": the QEMU on " + from + " stops, the one on " + target
                + " takes over from its last checkpoint (clients see a short pause), and " + from
                + " then resyncs as the new secondary.", "Switch over to " + target)) {
            return;
        }
        status.set("switchover to " + target + "…");
        ui.run(() -> c.pacemakerSwitchover(to, line -> { }), done -> status.set("switchover: " + target + " promoted"),
                e -> status.set("switchover: " + e.getMessage()));
    }

    /** Clears Pacemaker's move and ban constraints on the pair. */
    public void clearConstraints() {
        PairController c = controller();
        if (c != null && c.pacemakerManaged()) {
            ui.run(() -> {
                c.pacemakerClear();
                return true;
            }, done -> status.set("Pacemaker: constraints cleared"), e -> status.set("clear: " + e.getMessage()));
        }
    }

    /** Maintenance mode on or off (the view follows Pacemaker's answer). */
    public void setMaintenance(boolean on) {
        PairController c = controller();
        if (c == null || !c.pacemakerManaged()) {
            return;
        }
        if (on && !dialogs.confirm("Maintenance mode?", "Pacemaker stops managing and monitoring pair " + c.pair().name()
                + " until maintenance is off: nothing fails over meanwhile.", "Maintenance on")) {
            maintenance.set(false);
            return;
        }
        ui.run(() -> {
            c.pacemakerMaintenance(on);
            return on;
        }, now -> {
            maintenance.set(now);
            status.set("Pacemaker: maintenance mode " + (now ? "on" : "off"));
        }, e -> status.set("maintenance: " + e.getMessage()));
    }

    /** How a report file is shown (the desktop's browser in the console; set by the window). */
    private java.util.function.Consumer<Path> reportOpener = p -> status.set("report: " + p);

    public void setReportOpener(java.util.function.Consumer<Path> opener) {
        this.reportOpener = opener;
    }

    /** The selected pair's failover drills: the past reports, and running one (the window asks before it kills). */
    public void drills() {
        PairController c = controller();
        if (c != null) {
            dialogs.openDrills(new org.coloconsole.app.drill.DrillsModel(c, dialogs, ui, reportOpener));
        }
    }

    public void export() {
        PairController c = controller();
        if (c == null) {
            return;
        }
        Optional<String> dir = dialogs.ask("Export history", "Directory for the checkpoint history (CSV, JSON) and the "
                + "runbook journal:", Path.of(System.getProperty("user.home"), "colo-console-exports").toString(), "exportDir");
        if (dir.isEmpty() || dir.get().isBlank()) {
            return;
        }
        ui.run(() -> {
            try {
                return c.exportHistory(Path.of(dir.get().strip()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, files -> status.set("exported: " + files), e -> status.set("export failed: " + e.getMessage()));
    }

    /** Opens the profile editor on a copy of the selected pair (or the first), every key kept. */
    public void addPair() {
        PairController c = controller();
        PairSpec template = c != null ? c.pair() : pairNames.isEmpty() ? null : specs.get(pairNames.get(0));
        ProfileForm form = template == null ? new ProfileForm() : ProfileForm.from(template, "new-pair");
        dialogs.openProfileEditor(new ProfileEditorModel(form, store, session, ui, this::pairSaved));
    }

    void pairSaved(PairSpec p) {
        PairViewModel old = models.remove(p.name());
        if (old != null) {
            if (old == current.get()) {
                select(null);
            }
            closeLater(old);
        }
        watch(p);
        if (!pairNames.contains(p.name())) {
            pairNames.add(p.name());
        }
        select(p.name());
        status.set("pair " + p.name() + " saved to " + store.fileFor(p.name()));
    }

    /** Runs a runbook with its progress in the status bar (steps and the journal in the log). */
    void run(Plan plan) {
        PairViewModel vm = current.get();
        runVisible.set(true);
        runProgress.set(0);
        runLabel.set(plan.name() + ": starting…");
        vm.controller().run(plan, new RunListener() {
            @Override
            public void stepStarted(int index, int total, StepInfo step) {
                ui.onFx(() -> {
                    runProgress.set((double) index / total);
                    runLabel.set(plan.name() + " [" + (index + 1) + "/" + total + "] " + step.slot().label() + ": "
                            + step.title());
                });
            }
        }).whenComplete((r, e) -> ui.onFx(() -> finished(vm, r, e)));
        showActions(vm.controller().actions());
    }

    private void finished(PairViewModel vm, RunResult r, Throwable e) {
        runVisible.set(false);
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        runLabel.set(cause != null ? "✗ " + cause.getMessage()
                : r.ok() ? "✓ " + r.summary() : "✗ " + r.summary().lines().findFirst().orElse(""));
        if (cause == null && !r.ok()) {
            status.set("the runbook stopped; the log and the journal have the details");
        }
        if (vm == current.get()) {
            vm.refresh();
            showActions(vm.controller().actions());
        }
    }

    /**
     * May the window close? While a runbook runs the operator is asked first: closing abandons
     * the runbook after its current command and never stops the VMs.
     */
    public boolean confirmClose() {
        PairController c = controller();
        if (c == null || c.running().isEmpty()) {
            return true;
        }
        return dialogs.confirmDangerous("A runbook is running", "The runbook '" + c.running().get() + "' is still "
                + "running. Closing the console stops it after its current command. The VMs keep running as they are; "
                + "the console never stops them on exit. Run it again later to finish (steps already done are recognised).",
                "Keep the console open", "Close, leave the VMs running");
    }

    /** Stops watching (the VMs keep running: the console never owns them). */
    public void shutdown() {
        models.values().forEach(PairViewModel::close);
        session.close();
    }

    /** Closing a monitor waits for its threads: never on the FX thread. The VMs keep running. */
    private void closeLater(PairViewModel vm) {
        ui.run(() -> {
            vm.close();
            return null;
        }, v -> { }, e -> org.slf4j.LoggerFactory.getLogger(MainViewModel.class)
                .warn("closing the replaced pair {} failed", vm.controller().pair().name(), e));
    }
}
