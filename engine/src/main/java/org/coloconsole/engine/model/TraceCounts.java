package org.coloconsole.engine.model;

/**
 * What colo-compare did in a window of the QEMU trace log (COLO-FACTS §3). There is no QMP counter
 * for any of this; the trace is the only exact source.
 *
 * @param released        primary packets compared equal and released
 * @param otherMismatches "packet different" (UDP/ICMP/other protocols)
 * @param udpMismatches   colo_compare_udp_miscompare
 * @param icmpMismatches  colo_compare_icmp_miscompare
 * @param tcpMismatches   inferred: a checkpoint request right after a TCP comparison
 * @param timedOut        primary packets that waited past compare_timeout
 * @param dropped         colo_compare_drop_packet
 * @param checkpointRequests checkpoints the primary asked for
 * @param dirtyPages      secondary: pages flushed per checkpoint, summed
 * @param lines           trace lines read
 */
public record TraceCounts(long released, long otherMismatches, long udpMismatches, long icmpMismatches,
                          long tcpMismatches, long timedOut, long dropped, long checkpointRequests, long dirtyPages,
                          long lines) {

    public long mismatches() {
        return otherMismatches + udpMismatches + icmpMismatches + tcpMismatches;
    }
}
