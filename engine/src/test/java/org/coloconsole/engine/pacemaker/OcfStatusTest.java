package org.coloconsole.engine.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.coloconsole.engine.model.ColoMode;
import org.coloconsole.engine.model.NodeObservation;
import org.coloconsole.engine.model.OcfStatus;
import org.junit.jupiter.api.Test;

/** What monitor tells Pacemaker, for each state a node's QEMU can be in. */
class OcfStatusTest {
    private static NodeObservation node(String runstate, ColoMode mode, ColoMode last, String replError) {
        return new NodeObservation(true, null, runstate, mode, last, "none", "colo", List.of(), replError, -1, 0, false,
                Instant.EPOCH, "7.2.0", "tcg");
    }

    @Test
    void eachStateHasItsCode() {
        NodeObservation gone = NodeObservation.unreachable("refused", Instant.EPOCH);
        assertEquals(OcfStatus.NOT_RUNNING, OcfStatus.of(gone, false).code());
        assertEquals(OcfStatus.ERR_GENERIC, OcfStatus.of(gone, true).code(), "a hung QEMU is a failure, not 'stopped'");
        assertEquals(OcfStatus.RUNNING_PROMOTED, OcfStatus.of(node("running", ColoMode.PRIMARY, ColoMode.NONE, null), true).code());
        assertEquals(OcfStatus.RUNNING_PROMOTED, OcfStatus.of(node("colo", ColoMode.PRIMARY, ColoMode.NONE, null), true).code(),
                "paused inside a checkpoint is still the primary");
        assertEquals(OcfStatus.SUCCESS, OcfStatus.of(node("running", ColoMode.SECONDARY, ColoMode.NONE, null), true).code());
        assertEquals(OcfStatus.RUNNING_PROMOTED,
                OcfStatus.of(node("running", ColoMode.NONE, ColoMode.SECONDARY, null), true).code(), "the survivor of a failover");
        assertEquals(OcfStatus.FAILED_PROMOTED,
                OcfStatus.of(node("paused", ColoMode.NONE, ColoMode.PRIMARY, null), true).code(), "alone and paused: an outage");
        assertEquals(OcfStatus.FAILED_PROMOTED,
                OcfStatus.of(node("running", ColoMode.PRIMARY, ColoMode.NONE, "I/O error"), true).code());
        assertEquals(OcfStatus.ERR_GENERIC,
                OcfStatus.of(node("running", ColoMode.SECONDARY, ColoMode.NONE, "I/O error"), true).code());
        assertEquals(OcfStatus.SUCCESS, OcfStatus.of(node("prelaunch", ColoMode.NONE, ColoMode.NONE, null), true).code(),
                "a protect in progress is neither role yet");
    }
}
