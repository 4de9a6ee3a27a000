package org.coloconsole.engine.monitor;

import org.coloconsole.engine.model.TraceSample;

import org.coloconsole.engine.model.TraceCounts;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.coloconsole.engine.qmp.QmpClient;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.Host;

/**
 * Exact colo-compare counts for a window: turn the {@code colo*} trace events on over QMP, wait,
 * turn them off, read what QEMU appended to its trace log (over SSH for a remote node) and count
 * it. Per-packet tracing is costly, so it is only ever on for a bounded window.
 */
public final class TraceSampler {
    /** Read at most this much of the log per window; a busier window is reported as truncated. */
    private static final int MAX_BYTES = 64 << 20;

    private TraceSampler() {
    }

    /**
     * @param qmp      a QMP connection to the node (its monitor socket)
     * @param host     the node's host, to read the log
     * @param traceLog the node's {@code -D} log file
     */
    public static TraceSample sample(QmpClient qmp, Host host, String traceLog, Duration window) {
        long start = host.size(traceLog).orElse(0L);
        setColoTracing(qmp, true);
        try {
            LockSupport.parkNanos(window.toNanos());
        } finally {
            setColoTracing(qmp, false);
        }
        long end = host.size(traceLog).orElse(start);
        long length = Math.max(0, end - start);
        boolean truncated = length > MAX_BYTES;
        ColoTraceParser parser = new ColoTraceParser();
        // Lines are counted as they stream in, so a long window is never held in memory.
        host.check(new Command(java.util.List.of("sh", "-c", "tail -c +\"$1\" \"$2\" | head -c \"$3\"",
                "sh", Long.toString(start + 1), traceLog, Long.toString(Math.min(length, MAX_BYTES))),
                Duration.ofMinutes(2), null, new org.coloconsole.engine.remote.OutputListener() {
                    @Override
                    public void stdout(String line) {
                        parser.accept(line);
                    }
                }));
        return new TraceSample(parser.counts(), window, truncated);
    }

    private static void setColoTracing(QmpClient qmp, boolean on) {
        qmp.call("trace-event-set-state", QmpClient.args().put("name", "colo*").put("enable", on), Duration.ofSeconds(5));
    }
}
