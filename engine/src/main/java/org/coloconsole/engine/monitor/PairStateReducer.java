package org.coloconsole.engine.monitor;

import org.coloconsole.engine.model.ColoMode;

import org.coloconsole.engine.model.NodeObservation;

import org.coloconsole.engine.model.PairState;

import java.time.Duration;
import java.time.Instant;

/**
 * Reduces what the nodes said to one {@link PairState}. Pure: the same inputs give the same state,
 * so it is tested without QEMU. Rules from COLO-FACTS §2: after an error QEMU still reports COLO
 * mode, so a latched COLO_EXIT, a stalled checkpoint timeline and disconnected proxy links are
 * what reveal trouble.
 */
public final class PairStateReducer {
    private PairStateReducer() {
    }

    /**
     * @param primary      the node that should be primary (the last poll of it)
     * @param secondary    the node that should be secondary
     * @param coloExit     a latched COLO_EXIT (its reason), or null
     * @param lastCheckpoint start of the newest checkpoint, or null
     * @param checkpointDelay the live x-checkpoint-delay (read back from QEMU): no checkpoint for
     *                        {@link #stallAfter} of it, while both nodes answer, is a stall
     * @param staleAfter   polls older than this make the state Unknown
     * @param failingOver  a failover runbook is running now
     */
    public static PairState reduce(NodeObservation primary, NodeObservation secondary, String coloExit,
                                   Instant lastCheckpoint, Duration checkpointDelay, Duration staleAfter,
                                   boolean failingOver, Instant now) {
        Instant dataAt = older(primary.at(), secondary.at());
        if (failingOver) {
            return new PairState(PairState.Health.FAILING_OVER, "a failover runbook is running", dataAt, 0);
        }
        if (Duration.between(dataAt, now).compareTo(staleAfter) > 0) {
            return new PairState(PairState.Health.UNKNOWN, "no fresh data for " + Duration.between(dataAt, now).toSeconds()
                    + " s", dataAt, 0);
        }
        if (!primary.reachable() && !secondary.reachable()) {
            return new PairState(PairState.Health.UNKNOWN, "neither node answers", dataAt, 0);
        }
        NodeObservation alone = !primary.reachable() ? secondary : !secondary.reachable() ? primary : null;
        if (alone != null) {
            String who = alone == primary ? "secondary" : "primary";
            if (alone.coloMode() == ColoMode.NONE) {
                if (!"running".equals(alone.runstate())) {
                    // The only VM is not running: no client gets an answer. Never call that "running alone".
                    return new PairState(PairState.Health.NOT_PROTECTED, "OUTAGE: the only VM is " + alone.runstate()
                            + " and the " + who + " is down: clients get no answer (resume it with cont, or resume "
                            + "replication)", dataAt, 0);
                }
                return new PairState(PairState.Health.NOT_PROTECTED, "running alone: the " + who + " is down", dataAt, 0);
            }
            boolean replicating = (alone.coloMode() == ColoMode.PRIMARY || alone.coloMode() == ColoMode.SECONDARY)
                    && alone.proxyLinksDown().isEmpty() && lastCheckpoint != null
                    && Duration.between(lastCheckpoint, now).compareTo(stallAfter(checkpointDelay)) <= 0;
            if (replicating) {
                // The node the console cannot reach still takes part in checkpoints: the console's
                // own link is cut, not the pair (an observer blind, never a reason to fail over).
                return new PairState(PairState.Health.DEGRADED, String.format("the console cannot reach the %s node, but "
                        + "the %s node still replicates with it (last checkpoint %.1f s ago): the console's view is blind, "
                        + "not the pair; check the console's network to the %s", who, alone == primary ? "primary" : "secondary",
                        Duration.between(lastCheckpoint, now).toMillis() / 1000.0, who), dataAt, 0);
            }
            return new PairState(PairState.Health.NOT_PROTECTED, "the " + who + " node is down", dataAt, 0);
        }
        if (primary.resyncOffset() >= 0 || secondary.resyncOffset() >= 0) {
            NodeObservation r = primary.resyncOffset() >= 0 ? primary : secondary;
            double p = r.resyncLength() > 0 ? (double) r.resyncOffset() / r.resyncLength() : 0;
            return new PairState(PairState.Health.RESYNCING, r.resyncReady() ? "disks in sync, re-arming COLO"
                    : String.format("copying the disk: %.0f%%", 100 * p), dataAt, p);
        }
        if (coloExit != null) {
            return new PairState(PairState.Health.NOT_PROTECTED, "COLO exited (" + coloExit + ")", dataAt, 0);
        }
        boolean colo = primary.coloMode() == ColoMode.PRIMARY && secondary.coloMode() == ColoMode.SECONDARY;
        if (!colo) {
            if (primary.coloMode() == ColoMode.NONE && secondary.coloMode() == ColoMode.NONE
                    && primary.lastMode() == ColoMode.NONE && secondary.lastMode() == ColoMode.NONE) {
                return new PairState(PairState.Health.NOT_PROTECTED, "never started", dataAt, 0);
            }
            return new PairState(PairState.Health.NOT_PROTECTED, "not in COLO (primary: " + primary.coloMode()
                    + ", secondary: " + secondary.coloMode() + ")", dataAt, 0);
        }
        boolean linksDown = !primary.proxyLinksDown().isEmpty() || !secondary.proxyLinksDown().isEmpty();
        // A stall first: whatever else is wrong, the clients get no output while it lasts.
        if (lastCheckpoint != null && Duration.between(lastCheckpoint, now).compareTo(stallAfter(checkpointDelay)) > 0) {
            return new PairState(PairState.Health.STALLED, String.format("no checkpoint for %.1f s (interval %.1f s) while "
                    + "both nodes answer%s: the clients get no output. The replication link between the hosts is likely "
                    + "cut: restore it. Do not fail over while both nodes run (two primaries).",
                    Duration.between(lastCheckpoint, now).toMillis() / 1000.0, checkpointDelay.toMillis() / 1000.0,
                    linksDown ? " (proxy link down: " + join(primary, secondary) + ")" : ""), dataAt, 0);
        }
        if (linksDown) {
            return new PairState(PairState.Health.DEGRADED, "proxy link down: " + join(primary, secondary), dataAt, 0);
        }
        if (primary.replicationError() != null || secondary.replicationError() != null) {
            return new PairState(PairState.Health.DEGRADED, "replication error: "
                    + (primary.replicationError() != null ? primary.replicationError() : secondary.replicationError()), dataAt, 0);
        }
        return new PairState(PairState.Health.PROTECTED, "", dataAt, 0);
    }

    /**
     * How long without a checkpoint is a stall: half an interval past the expected one, at least
     * one second, so with one poll of delay it shows within two intervals (a cut replication link
     * sends no event at all, COLO-FACTS §7).
     */
    public static Duration stallAfter(Duration checkpointDelay) {
        return checkpointDelay.plus(Duration.ofMillis(Math.max(1_000, checkpointDelay.toMillis() / 2)));
    }

    private static String join(NodeObservation p, NodeObservation s) {
        java.util.List<String> all = new java.util.ArrayList<>(p.proxyLinksDown());
        all.addAll(s.proxyLinksDown());
        return String.join(", ", all);
    }

    private static Instant older(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
