package org.coloconsole.app.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.coloconsole.app.MainViewModel;
import org.coloconsole.app.profile.ProfileEditorModel;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.app.wizard.FailoverWizardModel;
import org.coloconsole.app.wizard.PreflightModel;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.lab.LabProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main window's logic: questions asked through the dialog service, answers scripted, no toolkit. */
class MainViewModelTest {
    @TempDir
    Path dir;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private MainViewModel vm;
    private PairSpec pair;

    @BeforeEach
    void open() {
        pair = ProfileLoader.parse("lab", LabProfile.yaml(Path.of("/opt/lab"), dir.resolve("pair"))).pairs().get(0);
        vm = new MainViewModel(List.of(pair), "a test", new ProfileStore(dir.resolve("profiles")), new Session(), dialogs,
                UiThreads.direct());
        vm.select(pair.name());
    }

    @AfterEach
    void close() {
        vm.shutdown();
    }

    @Test
    void aBadDelayIsExplainedAndNothingRuns() {
        dialogs.answer("abc");
        vm.changeDelay();
        assertEquals("checkpoint delay: not a whole number of ms: 'abc'", vm.status.get());
        dialogs.answer("50");
        vm.changeDelay();
        assertTrue(vm.status.get().contains("100..3600000") && vm.status.get().contains("50"), vm.status.get());
        assertTrue(vm.current.get().controller().running().isEmpty());
        assertTrue(dialogs.asked.get(0).startsWith("ask: Checkpoint delay [" + pair.checkpointDelayMs() + "]"));
    }

    @Test
    void stopAsksFirstAndANoStopsNothing() {
        dialogs.answer(false);
        vm.stop();
        assertTrue(dialogs.asked.get(0).contains("BOTH QEMUs of pair " + pair.name()), dialogs.asked.toString());
        assertTrue(vm.current.get().controller().running().isEmpty());
        assertEquals("", vm.runLabel.get());
    }

    /** The drills window of a pair that is not Protected: no question is asked, nothing is killed, the reason is said. */
    @Test
    void aDrillOfAPairNotProtectedIsRefusedWithoutAskingAnything() {
        vm.drills();
        var drills = (org.coloconsole.app.drill.DrillsModel) dialogs.opened.get(0);
        drills.drillPrimary();
        assertTrue(dialogs.asked.isEmpty(), "no confirmation for a drill that cannot run: " + dialogs.asked);
        assertTrue(drills.outcome.get().startsWith("not now: a drill starts only from Protected"), drills.outcome.get());
        assertTrue(vm.current.get().controller().running().isEmpty());
        assertEquals(java.util.List.of(), drills.past, "no drill ran on this pair");
        drills.close();
    }

    @Test
    void armingARefusedFailoverLeavesItOffAndSaysWhy() {
        vm.setAutoFailover(true);
        assertTrue(!vm.autoArmed.get(), "not armed");
        assertTrue(vm.status.get().startsWith("automatic failover: ") && vm.status.get().contains("Protected"), vm.status.get());
    }

    @Test
    void aPairPacemakerRunsIsDrivenOnlyThroughPacemaker() {
        vm.shutdown();
        PairSpec pm = ProfileLoader.parse("lab", LabProfile.yaml(Path.of("/opt/lab"), dir.resolve("pm"))
                .replace("    checkpointDelayMs:", "    pacemaker: {primaryNode: hosta, primaryRing: 127.0.0.1, secondaryNode: hostb, "
                        + "secondaryRing: 127.0.0.2, qdevice: 127.0.0.3}\n    checkpointDelayMs:")).pairs().get(0);
        vm = new MainViewModel(List.of(pm), "a test", new ProfileStore(dir.resolve("profiles")), new Session(), dialogs,
                UiThreads.direct());
        vm.select(pm.name());
        assertTrue(vm.pacemakerManaged.get());
        assertTrue(vm.failoverDisabled.get() && vm.resumePrimaryDisabled.get() && vm.resumeSecondaryDisabled.get()
                && vm.stopDisabled.get() && vm.autoDisabled.get(), "the console's own failover, resume and stop are off");
        assertTrue(vm.hint.get().contains("Pacemaker runs this pair"), vm.hint.get());
        assertTrue(vm.current.get().pacemaker.get().startsWith("Pacemaker"), vm.current.get().pacemaker.get());
        // Even asked directly, the engine refuses its own automatic failover, and says why.
        vm.setAutoFailover(true);
        assertTrue(!vm.autoArmed.get());
        assertTrue(vm.status.get().contains("failover is Pacemaker's"), vm.status.get());
        // No cluster answers here: a switchover has nothing to move and says so, asking nothing.
        vm.switchover();
        assertTrue(vm.status.get().startsWith("switchover: "), vm.status.get());
        assertTrue(dialogs.asked.isEmpty(), dialogs.asked.toString());
    }

    @Test
    void closingAsksOnlyWhileARunbookRuns() {
        assertTrue(vm.confirmClose());
        assertTrue(dialogs.asked.isEmpty(), "nothing running: no question");
    }

    @Test
    void windowsOpenThroughTheDialogService() {
        vm.preflight();
        assertInstanceOf(PreflightModel.class, dialogs.opened.get(0));
        assertTrue(((PreflightModel) dialogs.opened.get(0)).done.get());
        vm.failover();
        assertInstanceOf(FailoverWizardModel.class, dialogs.opened.get(1));
        vm.addPair();
        ProfileEditorModel editor = (ProfileEditorModel) dialogs.opened.get(2);
        assertEquals("new-pair", editor.fields.get("name").get());
        assertEquals(pair.primary().fence() == null ? "" : pair.primary().fence().agent(),
                editor.fields.get("primary.fence.agent").get(), "the template's fence is kept");
    }

    @Test
    void aSavedPairIsWatchedAndSelected() {
        dialogs.answer(true);
        vm.addPair();
        ProfileEditorModel editor = (ProfileEditorModel) dialogs.opened.get(0);
        editor.fields.get("primary.portBase").set("9301");
        editor.fields.get("secondary.portBase").set("9401");
        editor.save();
        assertEquals(List.of(pair.name(), "new-pair"), vm.pairNames);
        assertEquals("new-pair", vm.selectedName.get());
        assertEquals(9301, vm.current.get().controller().pair().primary().portBase());
        assertTrue(vm.status.get().startsWith("pair new-pair saved to "), vm.status.get());
        vm.select(null);
        assertNull(vm.current.get());
        assertTrue(vm.protectDisabled.get() && vm.exportDisabled.get(), "no pair: no actions");
    }
}
