package org.coloconsole.engine.monitor;

import org.coloconsole.engine.model.TraceCounts;

/**
 * Counts colo-compare outcomes from QEMU's {@code colo*} trace lines, fed line by line (the log is
 * read over SSH in windows: per-packet tracing is costly, so it is sampled). Allocation-free per
 * line: plain prefix tests, no regular expressions, so it keeps up with a busy proxy.
 */
public final class ColoTraceParser {
    private long released;
    private long other;
    private long udp;
    private long icmp;
    private long tcp;
    private long timedOut;
    private long dropped;
    private long checkpoints;
    private long dirtyPages;
    private long lines;
    /** The last comparison line was a TCP packet's ip_info (tcp_info lines may follow it). */
    private boolean tcpCompared;

    public void accept(String line) {
        lines++;
        // Trace lines may carry a "pid@seconds.micros:" prefix; find the event name.
        int start = line.indexOf("colo_");
        if (start < 0) {
            return;
        }
        if (line.startsWith("colo_compare_main", start)) {
            if (line.indexOf("packet same and release packet", start) >= 0) {
                released++;
            } else if (line.indexOf("packet different", start) >= 0) {
                other++;
            }
            tcpCompared = false;
        } else if (line.startsWith("colo_compare_ip_info", start)) {
            tcpCompared = true;
        } else if (line.startsWith("colo_compare_tcp_info", start)) {
            // part of the same TCP comparison: keep the flag
        } else if (line.startsWith("colo_compare_udp_miscompare", start)) {
            udp++;
            tcpCompared = false;
        } else if (line.startsWith("colo_compare_icmp_miscompare", start)) {
            icmp++;
            tcpCompared = false;
        } else if (line.startsWith("colo_old_packet_check_found", start)) {
            timedOut++;
        } else if (line.startsWith("colo_compare_drop_packet", start)) {
            dropped++;
        } else if (line.startsWith("colo_send_message", start) && line.indexOf("'checkpoint-request'", start) >= 0) {
            checkpoints++;
            if (tcpCompared) {
                tcp++;
            }
            tcpCompared = false;
        } else if (line.startsWith("colo_flush_ram_cache_begin", start)) {
            int at = line.indexOf("dirty_pages", start);
            if (at >= 0) {
                dirtyPages += parseLong(line, at + "dirty_pages".length());
            }
        }
    }

    private static long parseLong(String s, int from) {
        long v = 0;
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return v;
    }

    public TraceCounts counts() {
        return new TraceCounts(released, other, udp, icmp, tcp, timedOut, dropped, checkpoints, dirtyPages, lines);
    }
}
