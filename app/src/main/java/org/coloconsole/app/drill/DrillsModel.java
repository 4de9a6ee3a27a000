package org.coloconsole.app.drill;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.coloconsole.app.ui.DialogService;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.DrillReport;
import org.coloconsole.engine.model.PairState;

/**
 * The drills window of one pair as data: its past drills (newest first), and running a new one
 * against the node the operator picks, after a confirmation that says what will be killed. The
 * drill runs off the FX thread; its progress lines arrive as they happen.
 */
public final class DrillsModel {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** One past drill as the table shows it. */
    public record Row(String id, String when, String verdict, String killed, String gap, String toProtected, String data) {
        static Row of(DrillReport r) {
            String when;
            try {
                when = WHEN.format(Instant.parse(r.startedAt()));
            } catch (RuntimeException e) {
                when = r.startedAt();
            }
            return new Row(r.id(), when, r.verdict().name(), r.victim() + " (" + r.killedRole() + ")",
                    r.clientGapMs() < 0 ? "not measured" : r.clientGapMs() + " ms",
                    r.toProtectedMs() < 0 ? "never" : String.format("%.1f s", r.toProtectedMs() / 1000.0),
                    r.dataCheck().passed() ? "passed" : "FAILED");
        }
    }

    public final String pairName;
    public final ObservableList<Row> past = FXCollections.observableArrayList();
    public final StringProperty progress = new SimpleStringProperty("");
    public final StringProperty outcome = new SimpleStringProperty("");
    public final BooleanProperty running = new SimpleBooleanProperty(false);
    /** Fail back to the original roles after a drill of the primary (a second failover). */
    public final BooleanProperty failback = new SimpleBooleanProperty(false);
    /** Why a drill cannot start now, or empty. */
    public final StringProperty blocked = new SimpleStringProperty("");
    private final PairController c;
    private final DialogService dialogs;
    private final UiThreads ui;
    private final Consumer<Path> opener;

    /** @param opener shows a report file (the desktop's browser; tests record it) */
    public DrillsModel(PairController c, DialogService dialogs, UiThreads ui, Consumer<Path> opener) {
        this.c = c;
        this.pairName = c.pair().name();
        this.dialogs = dialogs;
        this.ui = ui;
        this.opener = opener;
        c.addStateListener(onState);
        refresh();
    }

    /** Whether a drill may start follows the pair's state while the window is open. */
    private final java.util.function.Consumer<PairState> onState = st -> onFxBlocked();

    private void onFxBlocked() {
        ui.onFx(this::refreshBlocked);
    }

    /** The window closed: the model stops following the pair. */
    public void close() {
        c.removeStateListener(onState);
    }

    /** Re-reads the past drills (file work: off the FX thread) and whether a drill may start. */
    public void refresh() {
        ui.run(c::drills, reports -> past.setAll(reports.stream().map(Row::of).toList()),
                e -> outcome.set("cannot read past drills: " + e.getMessage()));
        refreshBlocked();
    }

    private void refreshBlocked() {
        PairState st = c.state();
        blocked.set(c.pacemakerManaged() ? "Pacemaker runs this pair: drills go through Pacemaker (not built yet)"
                : st.health() != PairState.Health.PROTECTED ? "a drill starts only from Protected; the pair is "
                + st.health().label() : c.running().map(r -> "the runbook '" + r + "' is running").orElse(""));
    }

    public void drillPrimary() {
        drill(c.primaryNow());
    }

    public void drillSecondary() {
        drill(c.primaryNow().other());
    }

    private void drill(Slot victim) {
        refresh();
        if (running.get() || !blocked.get().isEmpty()) {
            outcome.set(running.get() ? "a drill is running" : "not now: " + blocked.get());
            return;
        }
        boolean back = failback.get();
        String warning = c.drillWarning(victim) + (back && victim == c.primaryNow() ? " Then it fails back: the new primary's "
                + "QEMU is killed too, and the pair ends in its original roles." : "");
        if (!dialogs.confirmDangerous("Run a failover drill of pair " + pairName + "?", warning, "Cancel",
                "Kill the " + victim.label() + "'s QEMU")) {
            return;
        }
        running.set(true);
        progress.set("");
        outcome.set("drill running…");
        ui.run(() -> c.drill(victim, System.getProperty("user.name"), back,
                        line -> ui.onFx(() -> progress.set(progress.get() + line + "\n"))),
                r -> {
                    running.set(false);
                    outcome.set("drill " + r.verdict() + (r.reasons().isEmpty() ? "" : ": " + String.join("; ", r.reasons())));
                    refresh();
                },
                e -> {
                    running.set(false);
                    outcome.set("drill: " + e.getMessage());
                    refresh();
                });
    }

    /** Opens a past drill's HTML report. */
    public void open(Row row) {
        if (row != null) {
            opener.accept(c.drillReportFile(row.id(), "html"));
        }
    }

    /** For tests: the rows' verdicts, newest first. */
    public List<String> verdicts() {
        return past.stream().map(Row::verdict).toList();
    }
}
