package org.coloconsole.app.timeline;

import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.model.ProbeGap;
import org.coloconsole.engine.model.ProbeSample;

/**
 * What the service probe saw, for drawing (FX thread only): the latency of every answer (or a
 * failure) and every gap the clients saw. Bounded: the oldest half of the samples goes when full.
 */
public final class ProbeSeries {
    private final int capacity;
    private long[] at = new long[1024];
    private float[] latency = new float[1024];
    private int size;
    private final List<long[]> gaps = new ArrayList<>();
    private long version;

    public ProbeSeries(int capacity) {
        this.capacity = capacity;
    }

    public void add(ProbeSample s) {
        if (size == at.length) {
            if (size >= capacity) {
                int keep = size / 2;
                System.arraycopy(at, size - keep, at, 0, keep);
                System.arraycopy(latency, size - keep, latency, 0, keep);
                size = keep;
            } else {
                at = java.util.Arrays.copyOf(at, Math.min(capacity, at.length * 2));
                latency = java.util.Arrays.copyOf(latency, at.length);
            }
        }
        at[size] = s.at().toEpochMilli();
        latency[size] = s.latencyMs();
        size++;
        version++;
    }

    public void addGap(ProbeGap g) {
        gaps.add(new long[] {g.lastAnswer().toEpochMilli(), g.nextAnswer().toEpochMilli()});
        if (gaps.size() > 1000) {
            gaps.remove(0);
        }
        version++;
    }

    public int size() {
        return size;
    }

    public long atMs(int i) {
        return at[i];
    }

    /** The answer's latency in ms, or -1 for a failed probe. */
    public float latencyMs(int i) {
        return latency[i];
    }

    /** Gaps as {last answer, next answer} in epoch ms, oldest first. */
    public List<long[]> gaps() {
        return gaps;
    }

    public long version() {
        return version;
    }

    /** The index of the first sample at or after {@code ms}. */
    public int lowerBound(long ms) {
        return SortedTimes.lowerBound(at, size, ms);
    }
}
