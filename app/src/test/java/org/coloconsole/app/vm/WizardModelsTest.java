package org.coloconsole.app.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.app.wizard.FailoverWizardModel;
import org.coloconsole.app.wizard.ResumeWizardModel;
import org.coloconsole.app.wizard.RunProgressModel;
import org.coloconsole.app.wizard.WizardModel;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.model.StepInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizards' logic, synchronously and without a toolkit, on a real controller of a pair whose
 * QEMUs are not running (what the engine really answers then).
 */
class WizardModelsTest {
    private final Session session = new Session();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        session.close();
    }

    private PairController stoppedPair() {
        PairSpec p = ProfileLoader.parse("lab", LabProfile.yaml(Path.of("/opt/lab"), dir)).pairs().get(0);
        return session.open(p);
    }

    @Test
    void pagesGateNextAndBackAndCancel() {
        WizardModel w = new WizardModel("w", "test") {
            {
                add(new Page("one", "A"));
                Page two = add(new Page("two", "B"));
                two.canAdvance.set(false);
                add(new Page("three", "C")).canGoBack.set(false);
            }
        };
        w.open();
        assertEquals("1. one", w.heading.get());
        assertTrue(w.backDisabled.get(), "no Back on the first page");
        w.next();
        assertEquals("Step 2 of 3", w.stepText.get());
        assertTrue(w.nextDisabled.get());
        w.next();
        assertEquals(1, w.at.get(), "Next does nothing while the page says no");
        w.pages.get(1).canAdvance.set(true);
        w.next();
        assertEquals("Finish", w.nextText.get());
        assertTrue(w.backDisabled.get(), "the last page forbids Back");
        w.cancelDisabled.set(true);
        w.cancel();
        assertFalse(w.closed.get(), "Cancel is refused while a runbook runs");
        w.cancelDisabled.set(false);
        w.next();
        assertTrue(w.closed.get(), "Finish closes");
    }

    @Test
    void aFailoverWithNeitherNodeAnsweringIsRefusedWithTheReason() {
        try (PairController c = stoppedPair()) {
            boolean[] resumeOffered = {false};
            FailoverWizardModel w = new FailoverWizardModel(c, UiThreads.direct(), () -> resumeOffered[0] = true);
            w.open();
            assertTrue(w.summary.get().startsWith("✗ No failover possible"), w.summary.get());
            assertEquals(2, w.evidence.size(), "evidence from both nodes: " + w.evidence);
            assertTrue(w.evidence.get(0).contains("does not answer"), w.evidence.get(0));
            assertTrue(w.nextDisabled.get(), "no way on without a survivor");
            w.resume();
            assertTrue(w.closed.get() && resumeOffered[0]);
        }
    }

    @Test
    void resumeGoesOnOnlyWhenTheNewSecondaryIsReadyOrTheOperatorSaysSo() {
        try (PairController c = stoppedPair()) {
            Plan plan = c.namedPlan("resume-from-primary");
            ResumeWizardModel w = new ResumeWizardModel(c, plan, Slot.PRIMARY_NODE, UiThreads.direct());
            w.open();
            assertTrue(w.preflight.done.get());
            assertFalse(w.preflight.reports.isEmpty() && w.preflight.status.get().isEmpty(), "a report or an error");
            assertEquals(!w.preflight.ok.get(), w.anywayVisible.get());
            assertEquals(!w.preflight.ok.get(), w.nextDisabled.get());
            w.anyway.set(true);
            assertFalse(w.nextDisabled.get(), "the operator may go on, knowing why");
            assertTrue(w.intro.get().contains("secondary node") && w.intro.get().contains("becomes the new secondary"),
                    w.intro.get());
        }
    }

    @Test
    void runProgressTicksUndoesAndSaysWhatHappened() {
        try (PairController c = stoppedPair()) {
            Plan plan = c.namedPlan("resume-from-primary");
            RunProgressModel m = new RunProgressModel(plan, UiThreads.direct());
            List<StepInfo> steps = plan.stepInfos();
            assertEquals(steps.size(), m.rows.size());
            assertTrue(m.rows.get(0).text.get().startsWith("○  1. "), m.rows.get(0).text.get());
            RunListener l = m.listener();
            StepInfo withUndo = steps.stream().filter(s -> s.undo() != null).findFirst().orElseThrow();
            StepInfo next = steps.get(withUndo.index() + 1);
            l.stepStarted(withUndo.index(), steps.size(), withUndo);
            assertEquals("step-running", m.rows.get(withUndo.index()).style.get());
            l.answered(withUndo, "{}");
            l.progress(next, "1 of 4 MiB", 0.25);
            assertTrue(m.barVisible.get());
            assertEquals(0.25, m.progress.get(), 1e-9);
            l.stepFailed(next, "boom");
            assertEquals("step-failed", m.rows.get(next.index()).style.get());
            l.undone(withUndo, true, "{}");
            assertTrue(m.rows.get(withUndo.index()).text.get().startsWith("↺"), m.rows.get(withUndo.index()).text.get());
            assertTrue(m.detail.get().contains("undone: " + withUndo.undo()), m.detail.get());
            l.finished(new RunResult(plan.name(), false, next.index(), next, "boom", "observed", java.time.Duration.ofMillis(5)));
            assertEquals("outcome-failed", m.outcomeStyle.get());
            assertTrue(m.outcome.get().contains("undone") && m.outcome.get().contains("boom"), m.outcome.get());
            assertTrue(m.finished.get());
            assertEquals(List.of(0.25), m.fractionsSeen());
        }
    }
}
