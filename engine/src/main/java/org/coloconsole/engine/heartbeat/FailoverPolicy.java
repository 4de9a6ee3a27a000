package org.coloconsole.engine.heartbeat;

import org.coloconsole.engine.model.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * The automatic-failover decision as a pure state machine: heartbeats (evidence about both nodes,
 * with the time) in, decisions out. It never acts itself and never reads a clock, so it is tested
 * with a simulated clock and scripted faults, against golden logs (the way Proxmox tests its HA
 * manager). Rules:
 * <ul>
 *   <li>a node is dead after {@code misses} consecutive missed heartbeats; one good beat resets;</li>
 *   <li>automatic failover needs a split-brain guard: a fence that reports success, or a witness
 *       (the survivor lost the node too); otherwise the console only alerts;</li>
 *   <li>the console losing both nodes is the console's problem, never a reason to fail over;</li>
 *   <li>a hung node (QMP silent, process alive, host answering: a cut replication link does
 *       this) is not dead: the operator is alerted once, nothing is fenced;</li>
 *   <li>the console's misses alone never fence: the peer must have lost the node too (its proxy
 *       links down, COLO exited, or checkpoints stopped). A node only the console lost is a cut
 *       between the console and it (the observer is blind): alert once, no fence;</li>
 *   <li>never two primaries: a node that was failed away from and comes back is fenced again (or
 *       the operator is told) and never resumed automatically.</li>
 * </ul>
 */
public final class FailoverPolicy {

    public enum Phase { MONITORING, SUSPECT, FENCING, FAILING_OVER, RUNNING_ALONE, ALERTED, HALTED }

    /** What the caller must do. */
    public sealed interface Decision {
        record Fence(Role node) implements Decision {
        }

        record Failover(Role survivor, Role dead) implements Decision {
        }

        record Alert(String message) implements Decision {
        }
    }

    private final int misses;
    private final SplitBrainGuard guard;
    private final boolean automatic;
    /** The newest transitions (bounded: an armed heartbeat may run for months). */
    private final java.util.ArrayDeque<String> log = new java.util.ArrayDeque<>();
    private static final int LOG_KEPT = 2_000;

    private Phase phase = Phase.MONITORING;
    private int primaryMisses;
    private int secondaryMisses;
    private Role suspect;
    private Role deadNode;
    private long fenceStartedAt;
    /** RUNNING_ALONE and the failed node showed up again: a second fence was asked for. */
    private boolean refencing;
    private boolean refenced;
    /** The console has lost both nodes (said once, until one answers again). */
    private boolean blind;
    /** A node was reported hung (said once, until it answers or dies). */
    private Role hungSaid;
    /** A node only the console lost was reported (said once, until it answers or the peer loses it too). */
    private Role blindSaid;

    public FailoverPolicy(int misses, SplitBrainGuard guard, boolean automatic) {
        if (misses < 1) {
            throw new IllegalArgumentException("misses must be at least 1");
        }
        this.misses = misses;
        this.guard = guard;
        this.automatic = automatic;
    }

    public Phase phase() {
        return phase;
    }

    /** Every transition and decision, one line each, with the time: what golden logs compare. */
    public List<String> log() {
        return List.copyOf(log);
    }

    private void keep(String line) {
        log.addLast(line);
        if (log.size() > LOG_KEPT) {
            log.removeFirst();
        }
    }

    /**
     * One heartbeat. {@code primary} is the node that is primary now, {@code secondary} its peer.
     */
    public List<Decision> heartbeat(long nowMs, NodeHealth primary, NodeHealth secondary) {
        List<Decision> out = new ArrayList<>();
        if (phase == Phase.RUNNING_ALONE || phase == Phase.ALERTED || phase == Phase.HALTED) {
            // The failed node must stay out: if it shows up again, keep it from being a second primary.
            NodeHealth back = deadNode == Role.PRIMARY ? primary : secondary;
            if (deadNode != null && back.qmpAnswers() && !refencing) {
                if (guard instanceof SplitBrainGuard.Fence && !refenced) {
                    refencing = true;
                    note(nowMs, "the " + deadNode + " node is back after being failed away from: fence it again");
                    out.add(new Decision.Fence(deadNode));
                } else if (refenced) {
                    refencing = true; // alert once, then leave it to the operator
                    out.add(alert(nowMs, "the " + deadNode + " node still answers after being fenced again: "
                            + "isolate it by hand; it is never resumed as primary"));
                } else {
                    out.add(alert(nowMs, "the " + deadNode + " node is back after a failover; it is kept out: "
                            + "do not resume it as primary (resume replication makes it the new secondary)"));
                }
            }
            return out;
        }
        if (phase == Phase.FENCING || phase == Phase.FAILING_OVER) {
            if (phase == Phase.FENCING && guard instanceof SplitBrainGuard.Fence f && nowMs - fenceStartedAt > f.timeoutMs()) {
                to(nowMs, Phase.HALTED, "fencing the " + deadNode + " node gave no success within " + f.timeoutMs()
                        + " ms: no failover");
                out.add(alert(nowMs, "fencing failed or timed out: the " + deadNode + " node may still run; "
                        + "confirm it is dead, then fail over by hand"));
            }
            return out;
        }
        primaryMisses = primary.missed() ? primaryMisses + 1 : 0;
        secondaryMisses = secondary.missed() ? secondaryMisses + 1 : 0;
        if (primary.missed() && secondary.missed()) {
            if (!blind) {
                blind = true;
                note(nowMs, "the console lost both nodes (" + primary.evidence() + " / " + secondary.evidence()
                        + "): the console's own network is suspect; no failover");
            }
            to(nowMs, Phase.MONITORING, null);
            // Blind beats say nothing about either node: after the console's own outage each node
            // needs fresh consecutive misses (an uneven return must not fence at once).
            primaryMisses = 0;
            secondaryMisses = 0;
            return out;
        }
        blind = false;
        Role missing = primary.missed() ? Role.PRIMARY : secondary.missed() ? Role.SECONDARY : null;
        if (hungSaid != null && (missing == null || hungSaid != missing)) {
            hungSaid = null;
        }
        if (blindSaid != null && (missing == null || blindSaid != missing)) {
            blindSaid = null;
        }
        if (missing == null) {
            if (phase == Phase.SUSPECT) {
                to(nowMs, Phase.MONITORING, "the " + suspect + " node answers again (a flap)");
                suspect = null;
            }
            return out;
        }
        int count = missing == Role.PRIMARY ? primaryMisses : secondaryMisses;
        NodeHealth health = missing == Role.PRIMARY ? primary : secondary;
        if (count < misses) {
            suspect = missing;
            to(nowMs, Phase.SUSPECT, "the " + missing + " node missed " + count + "/" + misses + " (" + health.evidence() + ")");
            return out;
        }
        if (health.hung()) {
            if (hungSaid == null) {
                hungSaid = missing;
                out.add(alert(nowMs, "the " + missing + " node's QEMU is hung, not dead (" + health.evidence()
                        + "): no automatic failover. A cut replication link does this: check it; if the service "
                        + "stays frozen, use the guided failover (it fences the hung node)"));
            }
            return out;
        }
        deadNode = missing;
        Role survivor = missing.other();
        if (!automatic || guard instanceof SplitBrainGuard.None) {
            to(nowMs, Phase.ALERTED, "the " + missing + " node is dead (" + health.evidence() + ")");
            out.add(alert(nowMs, "the " + missing + " node is dead; automatic failover is "
                    + (automatic ? "refused without a split-brain guard" : "off") + ": confirm and use the guided failover"));
            return out;
        }
        if (guard instanceof SplitBrainGuard.Witness && !health.peerLostIt()) {
            to(nowMs, Phase.MONITORING, "the console lost the " + missing + " node but the " + survivor
                    + " node still sees it: a partition, not a death; no failover");
            out.add(alert(nowMs, "partition suspected between the console and the " + missing + " node: pair Degraded"));
            primaryMisses = 0;
            secondaryMisses = 0;
            return out;
        }
        if (guard instanceof SplitBrainGuard.Fence && !health.peerLostIt()) {
            if (blindSaid == null) {
                blindSaid = missing;
                out.add(alert(nowMs, "the console lost the " + missing + " node, but the " + survivor + " node still "
                        + "sees it (checkpoints flow): the console's link to it is cut, the pair is not; no fence"));
            }
            deadNode = null;
            return out;
        }
        if (guard instanceof SplitBrainGuard.Fence) {
            fenceStartedAt = nowMs;
            to(nowMs, Phase.FENCING, "the " + missing + " node is dead (" + health.evidence() + "): fencing it");
            out.add(new Decision.Fence(missing));
            return out;
        }
        to(nowMs, Phase.FAILING_OVER, "the " + missing + " node is dead and the " + survivor
                + " node lost it too (witness): failing over");
        out.add(new Decision.Failover(survivor, missing));
        return out;
    }

    /**
     * The fence ended: success lets the survivor take over; failure halts.
     *
     * @param tookMs how long the fence itself took (its deadline counts from its own start, not
     *               from the beat that decided it, which may have waited on SSH timeouts)
     */
    public List<Decision> fenceResult(long nowMs, long tookMs, boolean success, String detail) {
        List<Decision> out = new ArrayList<>();
        if (refencing && phase == Phase.RUNNING_ALONE) {
            refencing = false;
            refenced = success;
            note(nowMs, "the returned " + deadNode + " node was fenced again: " + (success ? "success" : "FAILED")
                    + " (" + detail + ")");
            if (!success) {
                refencing = true;
                out.add(alert(nowMs, "fencing the returned " + deadNode + " node failed: two primaries are possible; "
                        + "isolate it by hand now"));
            }
            return out;
        }
        if (phase == Phase.FENCING && guard instanceof SplitBrainGuard.Fence f && tookMs > f.timeoutMs()) {
            to(nowMs, Phase.HALTED, "fencing the " + deadNode + " node reported " + (success ? "success" : "failure")
                    + " only after " + tookMs + " ms (deadline " + f.timeoutMs() + " ms): no failover");
            out.add(alert(nowMs, "fencing answered too late: confirm the " + deadNode + " node is dead, then fail over by hand"));
            return out;
        }
        if (phase != Phase.FENCING) {
            note(nowMs, "fence result after the deadline ignored (" + (success ? "success" : "failure") + ": " + detail
                    + "); the operator decides");
            return out;
        }
        if (!success) {
            to(nowMs, Phase.HALTED, "fencing the " + deadNode + " node failed: " + detail + "; no failover");
            out.add(alert(nowMs, "fencing failed: the " + deadNode + " node may still run; confirm it is dead, then fail over by hand"));
            return out;
        }
        Role survivor = deadNode.other();
        to(nowMs, Phase.FAILING_OVER, "the " + deadNode + " node is fenced (" + detail + "): failing over to the " + survivor);
        out.add(new Decision.Failover(survivor, deadNode));
        return out;
    }

    /** The failover runbook ended. */
    public void failoverResult(long nowMs, boolean success, String detail) {
        to(nowMs, success ? Phase.RUNNING_ALONE : Phase.HALTED, success ? "failover done: running alone"
                : "failover failed: " + detail);
    }

    private Decision.Alert alert(long now, String message) {
        note(now, "ALERT " + message);
        return new Decision.Alert(message);
    }

    private void to(long now, Phase next, String why) {
        if (next != phase) {
            keep(String.format("t=%d %s -> %s%s", now, phase, next, why == null ? "" : ": " + why));
            phase = next;
        } else if (why != null && next == Phase.SUSPECT) {
            keep(String.format("t=%d %s: %s", now, phase, why));
        }
    }

    private void note(long now, String text) {
        keep(String.format("t=%d %s", now, text));
    }
}
