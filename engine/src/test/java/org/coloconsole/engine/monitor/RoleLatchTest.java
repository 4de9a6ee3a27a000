package org.coloconsole.engine.monitor;

import org.coloconsole.engine.model.ColoMode;

import org.coloconsole.engine.model.NodeObservation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.coloconsole.engine.cluster.Slot;
import org.junit.jupiter.api.Test;

class RoleLatchTest {
    private static NodeObservation node(String runstate, String mode, String lastMode) {
        return new NodeObservation(true, null, runstate, ColoMode.parse(mode), ColoMode.parse(lastMode), "none", "colo", List.of(), null, -1, 0, false,
                Instant.EPOCH, "7.2.0", "tcg");
    }

    private static final NodeObservation GONE = NodeObservation.unreachable("connection refused", Instant.EPOCH);

    @Test
    void theProfilesPrimaryUntilToldOtherwise() {
        RoleLatch l = new RoleLatch();
        assertEquals(Slot.PRIMARY_NODE, l.primaryNow());
        l.observe(GONE, GONE);
        assertEquals(Slot.PRIMARY_NODE, l.primaryNow());
        l.observe(node("running", "primary", "none"), node("running", "secondary", "none"));
        assertEquals(Slot.PRIMARY_NODE, l.primaryNow());
    }

    /** The hole of the old rule: after a resume with swapped roles, the dead primary said nothing. */
    @Test
    void swappedRolesStayLatchedWhenTheNewPrimaryDies() {
        RoleLatch l = new RoleLatch();
        l.observe(node("running", "secondary", "none"), node("running", "primary", "secondary"));
        assertEquals(Slot.SECONDARY_NODE, l.primaryNow());
        // The new primary (the profile's secondary node) dies: only the secondary answers, still in COLO.
        l.observe(node("running", "secondary", "none"), GONE);
        assertEquals(Slot.SECONDARY_NODE, l.primaryNow());
        l.observe(node("colo", "secondary", "none"), GONE);
        assertEquals(Slot.SECONDARY_NODE, l.primaryNow());
        // The survivor took over: it runs alone, out of COLO, and is the primary now.
        l.observe(node("running", "none", "secondary"), GONE);
        assertEquals(Slot.PRIMARY_NODE, l.primaryNow());
    }

    @Test
    void aNodeOutOfColoWithItsPeerStillThereTeachesNothing() {
        RoleLatch l = new RoleLatch();
        l.observe(node("running", "secondary", "none"), node("running", "primary", "none"));
        l.observe(node("running", "none", "secondary"), node("running", "none", "primary"));
        assertEquals(Slot.SECONDARY_NODE, l.primaryNow());
        l.observe(node("prelaunch", "none", "none"), GONE);
        assertEquals(Slot.SECONDARY_NODE, l.primaryNow());
    }
}
