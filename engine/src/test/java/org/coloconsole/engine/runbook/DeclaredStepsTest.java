package org.coloconsole.engine.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.model.Role;
import org.coloconsole.engine.model.StepInfo;
import org.coloconsole.engine.qemu.ColoQmp;
import org.coloconsole.engine.qemu.ColoStep;
import org.junit.jupiter.api.Test;

/** Steps are data declared with their calls: every one has its own title, and the dry run renders the same objects. */
class DeclaredStepsTest {
    private final PairSpec pair = ProfileLoader.parse("lab", LabProfile.yaml(Path.of("/opt/lab"), Path.of("/tmp/p")))
            .pairs().get(0);

    private List<Runbook> all() {
        return List.of(Runbooks.protect(pair), Runbooks.failover(pair, Slot.SECONDARY_NODE, Role.SECONDARY),
                Runbooks.failover(pair, Slot.PRIMARY_NODE, Role.PRIMARY), Runbooks.resume(pair, Slot.PRIMARY_NODE, false),
                Runbooks.resume(pair, Slot.SECONDARY_NODE, true), Runbooks.teardown(pair));
    }

    @Test
    void everyStepHasItsOwnTitleAndAUniqueId() {
        for (Runbook rb : all()) {
            Set<String> ids = new HashSet<>();
            for (Step s : rb.steps()) {
                assertTrue(ids.add(s.id()), rb.name() + ": duplicate step id " + s.id());
                assertNotNull(s.title(), s.id());
                assertFalse(s.title().isBlank() || s.title().equals(s.id().replaceFirst("^[a-z]+-(?=[a-z]+-)", "")),
                        rb.name() + ": step " + s.id() + " has no title of its own: '" + s.title() + "'");
            }
        }
    }

    @Test
    void theDryRunIsTheStepsRendered() {
        for (Runbook rb : all()) {
            List<StepInfo> infos = rb.stepInfos();
            StringBuilder expected = new StringBuilder();
            for (StepInfo i : infos) {
                expected.append(String.format("%3d. ", i.index() + 1)).append(i.plan()).append('\n');
            }
            assertTrue(rb.plan().endsWith(expected.toString()), rb.name());
            assertEquals(rb.steps().size(), infos.size());
        }
    }

    @Test
    void everyResumeStepThatChangesThePrimaryDeclaresItsUndo() {
        for (ColoStep c : ColoQmp.finishResume(pair.secondary(), false)) {
            boolean changes = !c.call().command().equals("block-job-cancel")
                    && !c.call().command().equals("migrate-set-capabilities");
            assertEquals(changes, c.undo() != ColoStep.Undo.NONE, c.id() + " " + c.undo());
        }
        Runbook resume = Runbooks.resume(pair, Slot.PRIMARY_NODE, false);
        assertTrue(resume.steps().stream().filter(s -> s.id().startsWith("resume-")).filter(s -> s.undo() != null).count() >= 9);
        assertTrue(Runbooks.protect(pair).steps().stream().allMatch(s -> s.undo() == null), "protect is taken down, not undone");
    }
}
