package org.coloconsole.engine.heartbeat;

import java.time.Duration;

/**
 * @param interval  time between heartbeats
 * @param misses    consecutive missed heartbeats that count as dead
 * @param automatic automatic failover wanted (it still needs a guard)
 * @param guard     the split-brain guard
 */
public record HeartbeatConfig(Duration interval, int misses, boolean automatic, SplitBrainGuard guard) {
    public HeartbeatConfig {
        if (interval.toMillis() < 50) {
            throw new IllegalArgumentException("heartbeat interval must be at least 50 ms");
        }
        if (misses < 1) {
            throw new IllegalArgumentException("misses must be at least 1");
        }
        if (automatic && guard instanceof SplitBrainGuard.None) {
            throw new IllegalArgumentException("automatic failover needs a split-brain guard (a fence command or a witness)");
        }
    }

    /** Off: the console watches and alerts, the operator decides. */
    public static HeartbeatConfig alertOnly(Duration interval, int misses) {
        return new HeartbeatConfig(interval, misses, false, new SplitBrainGuard.None());
    }
}
