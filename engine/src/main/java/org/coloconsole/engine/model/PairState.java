package org.coloconsole.engine.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The pair in one word an operator understands, why, and how old the data behind it is (stale
 * data is never shown as healthy).
 */
public record PairState(Health health, String reason, Instant dataAt, double resyncProgress) {

    public enum Health {
        PROTECTED("Protected"),
        DEGRADED("Degraded"),
        /** Both nodes answer and say COLO, but no checkpoint comes: the clients get no output (a cut link). */
        STALLED("Stalled"),
        NOT_PROTECTED("Not protected"),
        /** Automatic failover stopped short (a fence not proven): nothing acts until the operator does. */
        HALTED("Halted"),
        FAILING_OVER("Failing over"),
        RESYNCING("Resyncing"),
        UNKNOWN("Unknown");

        private final String label;

        Health(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Duration age(Instant now) {
        return dataAt == null ? Duration.ofDays(365) : Duration.between(dataAt, now);
    }

    @Override
    public String toString() {
        return health.label() + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
