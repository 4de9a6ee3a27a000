package org.coloconsole.engine.heartbeat;

/**
 * One heartbeat's evidence about one node, as the console and the peer see it.
 *
 * @param qmpAnswers     the node's QEMU answered on QMP within the heartbeat's bound
 * @param hostReachable  the host answered over SSH (or is this machine)
 * @param processAlive   the QEMU process exists (per its pid file)
 * @param peerLostIt     the other node has lost it too: COLO_EXIT on the peer, its proxy links
 *                       disconnected, or checkpoints stalled
 */
public record NodeHealth(boolean qmpAnswers, boolean hostReachable, boolean processAlive, boolean peerLostIt) {

    public static NodeHealth healthy() {
        return new NodeHealth(true, true, true, false);
    }

    public static NodeHealth dead(boolean peerLostIt) {
        return new NodeHealth(false, false, false, peerLostIt);
    }

    /** Dead as far as the console can tell: no QMP answer. */
    public boolean missed() {
        return !qmpAnswers;
    }

    /**
     * Silent on QMP while its host answers and its QEMU process lives: hung, not dead. A cut
     * replication link does this (QEMU blocks on the dead socket), as does a stopped process.
     * Never a reason for an automatic fence: the operator decides (the guided failover).
     */
    public boolean hung() {
        return !qmpAnswers && hostReachable && processAlive;
    }

    public String evidence() {
        return "qmp " + (qmpAnswers ? "ok" : "silent") + ", host " + (hostReachable ? "reachable" : "unreachable")
                + ", process " + (processAlive ? "alive" : "gone") + ", peer " + (peerLostIt ? "lost it too" : "still sees it");
    }
}
