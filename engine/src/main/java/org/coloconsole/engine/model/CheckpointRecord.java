package org.coloconsole.engine.model;

import java.time.Instant;

/**
 * One checkpoint as the primary saw it: STOP at {@code start}, RESUME {@code pauseMs} later.
 *
 * @param intervalMs time since the previous checkpoint started (-1 for the first)
 * @param cause      why it happened, as far as can be told
 */
public record CheckpointRecord(long index, Instant start, double pauseMs, long intervalMs, Cause cause) {

    public enum Cause {
        /** The x-checkpoint-delay timer. */
        PERIODIC,
        /** Clearly sooner than the delay: colo-compare saw different output (or a timeout). */
        ON_DEMAND,
        /** The operator changed the delay, which forces a checkpoint. */
        OPERATOR,
        /** The first checkpoint of a COLO session, or unknown. */
        START
    }
}
