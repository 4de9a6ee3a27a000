package org.coloconsole.engine.model;

import java.util.List;

/**
 * Pacemaker's view of a pair's cluster (from {@code crm_mon}): which nodes are online, whether the
 * partition that answered has quorum, where the pair is promoted, what failed, and who was fenced.
 * The console shows it beside QEMU's own view; {@code coloctl cluster status} prints it.
 *
 * @param answeredBy  the host whose Pacemaker answered
 * @param dc          the designated controller (null: none elected)
 * @param promoted    the node the pair's clone is promoted on (null: nowhere)
 * @param unpromoted  the nodes it runs unpromoted on
 * @param failed      failed actions, as Pacemaker words them
 * @param fencing     fencing history, newest last
 * @param scores      each node's promotion score, as the agent's monitor last set it (100 promoted,
 *                    50 a checkpointing secondary; none: nothing to promote there)
 */
public record ClusterStatus(String answeredBy, boolean quorate, String dc, boolean maintenance, List<Node> nodes,
                            String promoted, List<String> unpromoted, List<String> failed, List<String> fencing,
                            java.util.Map<String, Integer> scores) {
    public ClusterStatus {
        scores = java.util.Map.copyOf(scores);
        nodes = List.copyOf(nodes);
        unpromoted = List.copyOf(unpromoted);
        failed = List.copyOf(failed);
        fencing = List.copyOf(fencing);
    }

    /** A cluster node: online, or why not (offline, unclean: not yet fenced). */
    public record Node(String name, boolean online, boolean unclean, boolean standby) {
        public String state() {
            return online ? (standby ? "standby" : "online") : unclean ? "UNCLEAN (not fenced yet)" : "offline";
        }
    }

    /** The lines {@code coloctl cluster status} prints. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("Pacemaker (asked ").append(answeredBy).append("): ").append(quorate ? "quorate" : "NO QUORUM")
                .append(", DC ").append(dc == null ? "none" : dc).append(maintenance ? ", MAINTENANCE MODE" : "").append('\n');
        for (Node n : nodes) {
            b.append("  node ").append(n.name()).append(": ").append(n.state()).append('\n');
        }
        b.append("  promoted: ").append(promoted == null ? "nowhere" : promoted).append('\n');
        b.append("  unpromoted: ").append(unpromoted.isEmpty() ? "nowhere" : String.join(", ", unpromoted)).append('\n');
        if (!scores.isEmpty()) {
            b.append("  promotion scores: ").append(new java.util.TreeMap<>(scores)).append('\n');
        }
        for (String f : failed) {
            b.append("  failed: ").append(f).append('\n');
        }
        for (String f : fencing) {
            b.append("  fenced: ").append(f).append('\n');
        }
        return b.toString();
    }
}
