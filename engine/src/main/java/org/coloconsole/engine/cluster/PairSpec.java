package org.coloconsole.engine.cluster;

/**
 * A COLO pair.
 *
 * @param checkpointDelayMs  periodic checkpoint interval ({@code x-checkpoint-delay})
 * @param compareTimeoutMs   colo-compare {@code compare_timeout}: how long a primary packet waits
 * @param expiredScanCycleMs colo-compare {@code expired_scan_cycle}
 */
public record PairSpec(String name, NodeSpec primary, NodeSpec secondary, int checkpointDelayMs,
                       int compareTimeoutMs, int expiredScanCycleMs) {
}
