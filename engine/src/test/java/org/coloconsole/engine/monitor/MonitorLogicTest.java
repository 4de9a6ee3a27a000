package org.coloconsole.engine.monitor;

import org.coloconsole.engine.model.ColoMode;

import org.coloconsole.engine.model.TraceCounts;

import org.coloconsole.engine.model.CheckpointRecord;

import org.coloconsole.engine.model.NodeObservation;

import org.coloconsole.engine.model.PairState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The monitor's pure parts: trace counting, the checkpoint timeline, the state reducer. */
class MonitorLogicTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void countsCompareOutcomesFromTraceLines() {
        ColoTraceParser p = new ColoTraceParser();
        for (String l : List.of(
                "colo_compare_main : packet same and release packet",
                "12345@1795699483.209000:colo_compare_main : packet same and release packet",
                "colo_compare_main : packet different",
                "colo_compare_udp_miscompare : udp miscompare",
                "colo_compare_icmp_miscompare : icmp miscompare",
                "colo_old_packet_check_found 1795699483209",
                "colo_compare_drop_packet : drop",
                // a TCP comparison directly followed by a checkpoint request: a TCP mismatch
                "colo_compare_ip_info ppkt size = 60, ip_src = 10.0.2.15, ip_dst = 10.0.2.2, spkt size = 60",
                "colo_compare_tcp_info pri: seq/ack= 291892022/960002 hdlen= 58 pdlen= 2 offset= 2 flags=18",
                "colo_compare_tcp_info sec: seq/ack= 3657849444/960002 hdlen= 58 pdlen= 2 offset= 0 flags=18",
                "colo_send_message Send 'checkpoint-request' message",
                // a periodic checkpoint: not a mismatch
                "colo_compare_main : sec: this packet has compared",
                "colo_send_message Send 'checkpoint-request' message",
                "colo_flush_ram_cache_begin dirty_pages 412",
                "colo_flush_ram_cache_begin dirty_pages 8",
                "something else entirely")) {
            p.accept(l);
        }
        TraceCounts c = p.counts();
        assertEquals(2, c.released());
        assertEquals(1, c.otherMismatches());
        assertEquals(1, c.udpMismatches());
        assertEquals(1, c.icmpMismatches());
        assertEquals(1, c.tcpMismatches());
        assertEquals(4, c.mismatches());
        assertEquals(1, c.timedOut());
        assertEquals(1, c.dropped());
        assertEquals(2, c.checkpointRequests());
        assertEquals(420, c.dirtyPages());
        assertEquals(16, c.lines());
    }

    @Test
    void classifiesCheckpointsByInterval() {
        CheckpointTimeline t = new CheckpointTimeline(100, 2000);
        Instant at = T0;
        CheckpointRecord first = checkpoint(t, at, 50);
        assertEquals(CheckpointRecord.Cause.START, first.cause());
        assertEquals(50.0, first.pauseMs(), 0.001);
        assertEquals(CheckpointRecord.Cause.PERIODIC, checkpoint(t, at = at.plusMillis(2000), 40).cause());
        assertEquals(CheckpointRecord.Cause.ON_DEMAND, checkpoint(t, at = at.plusMillis(300), 60).cause());
        t.delayChanged(5000);
        assertEquals(CheckpointRecord.Cause.OPERATOR, checkpoint(t, at = at.plusMillis(100), 45).cause());
        assertEquals(CheckpointRecord.Cause.ON_DEMAND, checkpoint(t, at = at.plusMillis(4000), 45).cause());
        assertEquals(CheckpointRecord.Cause.PERIODIC, checkpoint(t, at.plusMillis(5000), 45).cause());
        assertEquals(6, t.count());
        assertEquals(2 * 60_000.0 / 60_000, t.onDemandPerMinute(T0.plusSeconds(30), Duration.ofMinutes(1)), 1e-9);
        assertTrue(t.toCsv().startsWith("index,start,pause_ms,interval_ms,cause\n0,2026-11-26T12:00:00Z,50.000,-1,START\n"),
                t.toCsv());
        assertNull(t.resume(T0), "a RESUME without its STOP is not a checkpoint");
    }

    @Test
    void theHistoryIsABoundedRing() {
        CheckpointTimeline t = new CheckpointTimeline(3, 2000);
        for (int i = 0; i < 10; i++) {
            checkpoint(t, T0.plusSeconds(2L * i), 10);
        }
        assertEquals(10, t.count());
        assertEquals(List.of(7L, 8L, 9L), t.all().stream().map(CheckpointRecord::index).toList());
        assertEquals(List.of(8L), t.between(T0.plusSeconds(16), T0.plusSeconds(17)).stream()
                .map(CheckpointRecord::index).toList());
    }

    private static CheckpointRecord checkpoint(CheckpointTimeline t, Instant at, long pauseMs) {
        t.stop(at);
        return t.resume(at.plusMillis(pauseMs));
    }

    private static NodeObservation node(String mode, String lastMode, Instant at) {
        return new NodeObservation(true, null, "running", ColoMode.parse(mode), ColoMode.parse(lastMode), "none", "colo", List.of(), null, -1, 0, false, at, "8.2.2", "tcg");
    }

    private static PairState reduce(NodeObservation p, NodeObservation s, String exit, Instant lastCheckpoint) {
        return PairStateReducer.reduce(p, s, exit, lastCheckpoint, Duration.ofSeconds(2), Duration.ofSeconds(10), false,
                T0.plusSeconds(1));
    }

    @Test
    void reducesObservationsToOneState() {
        NodeObservation p = node("primary", "none", T0);
        NodeObservation s = node("secondary", "none", T0);
        assertEquals(PairState.Health.PROTECTED, reduce(p, s, null, T0).health());
        // QEMU keeps saying primary/secondary after an error: the latched COLO_EXIT wins.
        PairState exited = reduce(p, s, "mode primary, reason error", T0);
        assertEquals(PairState.Health.NOT_PROTECTED, exited.health());
        assertTrue(exited.reason().contains("reason error"));
        // No checkpoint while both answer in COLO: Stalled, within two intervals of the live delay (2 s here).
        // ("now" is T0 + 1 s in these reductions)
        PairState stalled = reduce(p, s, null, T0.minusMillis(2_100));
        assertEquals(PairState.Health.STALLED, stalled.health(), stalled.toString());
        assertTrue(stalled.reason().contains("replication link") && stalled.reason().contains("Do not fail over"), stalled.reason());
        assertEquals(PairState.Health.PROTECTED, reduce(p, s, null, T0.minusMillis(1_900)).health(), "one late checkpoint is not a stall");
        assertTrue(PairStateReducer.stallAfter(Duration.ofSeconds(2)).toMillis() < 4_000 - 500, "shown within 2 intervals, polls included");
        assertEquals(Duration.ofMillis(30_000), PairStateReducer.stallAfter(Duration.ofSeconds(20)));
        NodeObservation linkDown = new NodeObservation(true, null, "running", ColoMode.SECONDARY, ColoMode.NONE, "none", "colo",
                List.of("red1"), null, -1, 0, false, T0, "8.2.2", "tcg");
        PairState degraded = reduce(p, linkDown, null, T0);
        assertEquals(PairState.Health.DEGRADED, degraded.health());
        assertTrue(degraded.reason().contains("red1"));
        NodeObservation dead = NodeObservation.unreachable("connection refused", T0);
        PairState alone = reduce(node("none", "primary", T0), dead, null, T0);
        assertEquals(PairState.Health.NOT_PROTECTED, alone.health());
        assertTrue(alone.reason().contains("running alone"), alone.reason());
        // The survivor left paused (a resume that failed after its stop): an outage, not "running alone".
        NodeObservation paused = new NodeObservation(true, null, "paused", ColoMode.NONE, ColoMode.PRIMARY, "request", "completed",
                List.of(), null, -1, 0, false, T0, "8.2.2", "tcg");
        PairState outage = reduce(paused, dead, null, T0);
        assertEquals(PairState.Health.NOT_PROTECTED, outage.health());
        assertTrue(outage.reason().startsWith("OUTAGE") && outage.reason().contains("paused"), outage.reason());
        PairState never = reduce(node("none", "none", T0), node("none", "none", T0), null, null);
        assertEquals(PairState.Health.NOT_PROTECTED, never.health());
        assertEquals("never started", never.reason());
        assertEquals(PairState.Health.UNKNOWN, reduce(dead, dead, null, T0).health());
        NodeObservation resync = new NodeObservation(true, null, "running", ColoMode.NONE, ColoMode.PRIMARY, "request", "completed",
                List.of(), null, 25, 100, false, T0, "8.2.2", "tcg");
        PairState r = reduce(resync, node("none", "none", T0), null, null);
        assertEquals(PairState.Health.RESYNCING, r.health());
        assertEquals(0.25, r.resyncProgress(), 1e-9);
    }

    @Test
    void staleDataIsNeverShownAsHealthy() {
        NodeObservation p = node("primary", "none", T0);
        NodeObservation s = node("secondary", "none", T0);
        PairState st = PairStateReducer.reduce(p, s, null, T0, Duration.ofSeconds(2), Duration.ofSeconds(10), false,
                T0.plusSeconds(60));
        assertEquals(PairState.Health.UNKNOWN, st.health());
        assertEquals(Duration.ofSeconds(60), st.age(T0.plusSeconds(60)));
    }

    /**
     * The console cannot reach the secondary, but the primary still checkpoints with it: the
     * observer is blind, the pair is not (Degraded, not "the secondary is down"). Without recent
     * checkpoints it is down.
     */
    @Test
    void aNodeOnlyTheConsoleLostWhileCheckpointsFlowIsAnObserverBlindNotADeadNode() {
        NodeObservation cut = NodeObservation.unreachable("QMP connection lost: timeout", T0);
        PairState blind = reduce(node("primary", "none", T0), cut, null, T0);
        assertEquals(PairState.Health.DEGRADED, blind.health(), blind.toString());
        assertTrue(blind.reason().contains("the console cannot reach the secondary node"), blind.reason());
        PairState down = reduce(node("primary", "none", T0), cut, null, T0.minusSeconds(5));
        assertEquals(PairState.Health.NOT_PROTECTED, down.health(), down.toString());
        assertEquals("the secondary node is down", down.reason());
    }
}
