package org.coloconsole.engine.control;

import org.coloconsole.engine.model.ColoMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.coloconsole.engine.model.NodeObservation;
import org.coloconsole.engine.cluster.Slot;
import org.junit.jupiter.api.Test;

/** Which buttons make sense in each situation the pair can be in. */
class PairActionsTest {
    private static final NodeObservation GONE = NodeObservation.unreachable("connection refused", Instant.EPOCH);

    private static NodeObservation node(String mode, String lastMode) {
        return new NodeObservation(true, null, "running", ColoMode.parse(mode), ColoMode.parse(lastMode), "none", null, List.of(), null, -1, 0, false,
                Instant.EPOCH, "8.2.2", "tcg");
    }

    @Test
    void nothingRunningOffersProtectOnly() {
        PairActions a = PairActions.of(GONE, GONE, null);
        assertTrue(a.protect());
        assertFalse(a.stop() || a.failover() || a.resumeFromPrimary() || a.resumeFromSecondary() || a.changeDelay());
        assertTrue(a.hint().contains("protect"), a.hint());
    }

    @Test
    void aProtectedPairOffersStopAndDelayButNotFailover() {
        PairActions a = PairActions.of(node("primary", "none"), node("secondary", "none"), null);
        assertFalse(a.protect());
        assertTrue(a.stop() && a.changeDelay());
        assertFalse(a.failover() || a.resumeFromPrimary() || a.resumeFromSecondary());
    }

    @Test
    void aDeadPrimaryOffersFailoverToTheSecondary() {
        PairActions a = PairActions.of(GONE, node("secondary", "none"), null);
        assertTrue(a.failover());
        assertEquals(Slot.SECONDARY_NODE, a.failoverSurvivor());
        assertFalse(a.protect() || a.resumeFromPrimary() || a.resumeFromSecondary());
        assertTrue(a.hint().contains("primary node does not answer"), a.hint());
    }

    @Test
    void aSurvivorThatWasTheSecondaryOffersResumeFromSecondary() {
        PairActions a = PairActions.of(GONE, node("none", "secondary"), null);
        assertTrue(a.resumeFromSecondary());
        assertFalse(a.resumeFromPrimary() || a.failover() || a.protect());
        assertEquals(Slot.SECONDARY_NODE, a.resumePrimary());
        assertTrue(a.resumeWasSecondary());
    }

    @Test
    void aSurvivorThatWasThePrimaryOffersResumeFromPrimary() {
        PairActions a = PairActions.of(node("none", "primary"), GONE, null);
        assertTrue(a.resumeFromPrimary());
        assertFalse(a.resumeFromSecondary());
        assertEquals(Slot.PRIMARY_NODE, a.resumePrimary());
    }

    @Test
    void noResumeWhileTheOldPeerStillRuns() {
        // Its QEMU still holds the ports and the disk: a fresh secondary cannot start there.
        PairActions a = PairActions.of(node("none", "primary"), node("none", "secondary"), null);
        assertFalse(a.resumeFromPrimary() || a.resumeFromSecondary());
    }

    @Test
    void aRunningRunbookDisablesEverythingAndSaysWhich() {
        PairActions a = PairActions.of(GONE, node("secondary", "none"), "protect");
        assertFalse(a.protect() || a.stop() || a.failover() || a.changeDelay());
        assertNull(a.failoverSurvivor());
        assertTrue(a.hint().contains("'protect' is running"), a.hint());
    }
}
