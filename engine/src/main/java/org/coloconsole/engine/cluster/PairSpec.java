package org.coloconsole.engine.cluster;

/**
 * A COLO pair.
 *
 * @param checkpointDelayMs  periodic checkpoint interval ({@code x-checkpoint-delay})
 * @param compareTimeoutMs   colo-compare {@code compare_timeout}: how long a primary packet waits
 * @param expiredScanCycleMs colo-compare {@code expired_scan_cycle}
 * @param resyncMiBps        bandwidth cap of the resync mirror in MiB/s, 0 for none (so a resync
 *                           does not starve the replication link)
 * @param probe              the service probe (what clients see), or null for none
 * @param pacemaker          how Pacemaker runs the pair, or null: the console's own heartbeat does
 * @param drill              the failover drill's objectives and data check ({@link DrillSpec#DEFAULTS} without the key)
 */
public record PairSpec(String name, NodeSpec primary, NodeSpec secondary, int checkpointDelayMs,
                       int compareTimeoutMs, int expiredScanCycleMs, int resyncMiBps, ProbeSpec probe,
                       PacemakerSpec pacemaker, DrillSpec drill) {
    public PairSpec {
        drill = drill == null ? DrillSpec.DEFAULTS : drill;
    }

    public PairSpec(String name, NodeSpec primary, NodeSpec secondary, int checkpointDelayMs, int compareTimeoutMs,
                    int expiredScanCycleMs, int resyncMiBps, ProbeSpec probe, PacemakerSpec pacemaker) {
        this(name, primary, secondary, checkpointDelayMs, compareTimeoutMs, expiredScanCycleMs, resyncMiBps, probe, pacemaker, null);
    }

    /** A pair the console's own heartbeat runs (no Pacemaker). */
    public PairSpec(String name, NodeSpec primary, NodeSpec secondary, int checkpointDelayMs, int compareTimeoutMs,
                    int expiredScanCycleMs, int resyncMiBps, ProbeSpec probe) {
        this(name, primary, secondary, checkpointDelayMs, compareTimeoutMs, expiredScanCycleMs, resyncMiBps, probe, null);
    }

    /** Both nodes have a fence: the precondition of automatic failover. */
    public boolean fenced() {
        return primary.fence() != null && secondary.fence() != null;
    }

}
