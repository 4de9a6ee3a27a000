package org.coloconsole.engine.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.monitor.RoleLatch;
import org.coloconsole.engine.model.ColoMode;
import org.coloconsole.engine.model.NodeObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The roles the journal says the last runbook left, seeding the latch until a node answers. */
class JournalRolesTest {
    @TempDir
    Path dir;

    private static void run(Journal j, String runbook, String provingStep, Slot node, boolean finished) {
        j.record(runbook, null, null, "runbook-started", "n steps");
        j.record(runbook, provingStep, node, "check-passed", "ok");
        if (finished) {
            j.record(runbook, null, null, "runbook-finished", "done");
        }
    }

    @Test
    void theLastRunbookThatSetTheRolesDecides() {
        Journal j = new Journal(dir.resolve("p.jsonl"));
        assertEquals(Optional.empty(), JournalRoles.primary(j), "nothing journaled: the latch keeps the profile's");
        run(j, "protect", "primary-colo", Slot.PRIMARY_NODE, true);
        assertEquals(Optional.of(Slot.PRIMARY_NODE), JournalRoles.primary(j));
        run(j, "failover-to-secondary", "survivor-runs", Slot.SECONDARY_NODE, true);
        assertEquals(Optional.of(Slot.SECONDARY_NODE), JournalRoles.primary(j));
        run(j, "resume-from-secondary", "primary-colo", Slot.SECONDARY_NODE, true);
        assertEquals(Optional.of(Slot.SECONDARY_NODE), JournalRoles.primary(j), "the roles stay swapped after the resume");
        run(j, "set-checkpoint-delay", "checkpoint-delay", Slot.SECONDARY_NODE, true);
        assertEquals(Optional.of(Slot.SECONDARY_NODE), JournalRoles.primary(j), "a runbook that sets no roles is passed over");
        run(j, "failover-to-secondary", "survivor-runs", Slot.PRIMARY_NODE, false);
        assertEquals(Optional.of(Slot.SECONDARY_NODE), JournalRoles.primary(j), "an unfinished failover proves nothing");
        run(j, "teardown", "stop", Slot.PRIMARY_NODE, true);
        assertEquals(Optional.of(Slot.PRIMARY_NODE), JournalRoles.primary(j));
    }

    @Test
    void anAnswerOverridesTheSeed() {
        RoleLatch latch = new RoleLatch();
        latch.seed(Slot.SECONDARY_NODE);
        NodeObservation gone = NodeObservation.unreachable("refused", java.time.Instant.EPOCH);
        latch.observe(gone, gone);
        assertEquals(Slot.SECONDARY_NODE, latch.primaryNow(), "silence teaches nothing: the journal's word stands");
        NodeObservation primary = new NodeObservation(true, null, "running", ColoMode.PRIMARY, ColoMode.NONE, "none", "colo",
                java.util.List.of(), null, -1, 0, false, java.time.Instant.EPOCH, "7.2.0", "tcg");
        latch.observe(primary, gone);
        assertEquals(Slot.PRIMARY_NODE, latch.primaryNow());
        latch.seed(Slot.SECONDARY_NODE);
        assertEquals(Slot.PRIMARY_NODE, latch.primaryNow(), "a seed read late never overrides what a node said");
    }
}
