package org.coloconsole.engine.model;

import java.time.Instant;

/** One service-probe answer: when, how long it took, or why it failed (latencyMs -1). */
public record ProbeSample(Instant at, long latencyMs, String error) {
    public boolean ok() {
        return latencyMs >= 0;
    }
}
