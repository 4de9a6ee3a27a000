package org.coloconsole.engine.model;

import java.time.Duration;

/** Exact colo-compare counts over a bounded tracing window (truncated when the log grew too fast to read). */
public record TraceSample(TraceCounts counts, Duration window, boolean truncated) {
}
