package org.coloconsole.engine.model;

import java.time.Duration;
import java.time.Instant;

/** A silence of the pair's service as clients saw it: the last answer before it, the first after it. */
public record ProbeGap(Instant lastAnswer, Instant nextAnswer) {
    public long millis() {
        return Duration.between(lastAnswer, nextAnswer).toMillis();
    }
}
