package org.coloconsole.app.timeline;

import java.util.Arrays;
import org.coloconsole.engine.model.CheckpointRecord;

/**
 * The checkpoint history the charts draw, in primitive arrays (a million checkpoints cost ~13 MB,
 * not ~100 MB of records) sorted by start time, so any window is two binary searches away.
 * Touched on the FX thread only (appends arrive in batches).
 */
public final class TimelineSeries {
    public static final byte PERIODIC = 0;
    public static final byte ON_DEMAND = 1;
    public static final byte OPERATOR = 2;
    public static final byte START = 3;

    private final int capacity;
    private long[] startMs = new long[1024];
    private float[] pauseMs = new float[1024];
    private byte[] cause = new byte[1024];
    private long[] index = new long[1024];
    private int size;
    private long version;
    /**
     * A summary per block of {@link #BLOCK} consecutive checkpoints (largest pause, whether any
     * was on demand / the operator's): a zoomed-out frame reads 1/32 of the data. Valid up to
     * {@code blocksValid} checkpoints; rebuilt lazily from there.
     */
    public static final int BLOCK = 32;
    private float[] blockMax = new float[64];
    private byte[] blockCause = new byte[64];
    private int blocksValid;

    /** @param capacity the most checkpoints kept; beyond, the oldest tenth is dropped at once */
    public TimelineSeries(int capacity) {
        this.capacity = capacity;
    }

    public void add(CheckpointRecord r) {
        add(r.index(), r.start().toEpochMilli(), (float) r.pauseMs(), causeOf(r.cause()));
    }

    public void add(long checkpointIndex, long startEpochMs, float pause, byte causeCode) {
        if (size == capacity) {
            blocksValid = 0;
            int drop = Math.max(1, capacity / 10);
            System.arraycopy(startMs, drop, startMs, 0, size - drop);
            System.arraycopy(pauseMs, drop, pauseMs, 0, size - drop);
            System.arraycopy(cause, drop, cause, 0, size - drop);
            System.arraycopy(index, drop, index, 0, size - drop);
            size -= drop;
        }
        if (size == startMs.length) {
            int n = Math.min(capacity, size * 2);
            startMs = Arrays.copyOf(startMs, n);
            pauseMs = Arrays.copyOf(pauseMs, n);
            cause = Arrays.copyOf(cause, n);
            index = Arrays.copyOf(index, n);
        }
        // Events can arrive a little out of order across nodes: keep the arrays sorted.
        int at = size;
        while (at > 0 && startMs[at - 1] > startEpochMs) {
            at--;
        }
        if (at < size) {
            System.arraycopy(startMs, at, startMs, at + 1, size - at);
            System.arraycopy(pauseMs, at, pauseMs, at + 1, size - at);
            System.arraycopy(cause, at, cause, at + 1, size - at);
            System.arraycopy(index, at, index, at + 1, size - at);
        }
        blocksValid = Math.min(blocksValid, at / BLOCK * BLOCK);
        startMs[at] = startEpochMs;
        pauseMs[at] = pause;
        cause[at] = causeCode;
        index[at] = checkpointIndex;
        size++;
        version++;
    }

    static byte causeOf(CheckpointRecord.Cause c) {
        return switch (c) {
            case PERIODIC -> PERIODIC;
            case ON_DEMAND -> ON_DEMAND;
            case OPERATOR -> OPERATOR;
            case START -> START;
        };
    }

    public static String causeName(byte c) {
        return switch (c) {
            case ON_DEMAND -> "on demand (outputs differed)";
            case OPERATOR -> "operator (delay changed)";
            case START -> "first checkpoint";
            default -> "periodic";
        };
    }

    /** Brings the block summaries up to date (cheap when only appends happened). */
    public void updateBlocks() {
        int blocks = (size + BLOCK - 1) / BLOCK;
        if (blockMax.length < blocks) {
            int n = Math.max(blocks, blockMax.length * 2);
            blockMax = Arrays.copyOf(blockMax, n);
            blockCause = Arrays.copyOf(blockCause, n);
        }
        for (int b = blocksValid / BLOCK; b < blocks; b++) {
            float max = 0;
            byte c = PERIODIC;
            for (int i = b * BLOCK, end = Math.min(size, i + BLOCK); i < end; i++) {
                max = Math.max(max, pauseMs[i]);
                if (cause[i] == ON_DEMAND || c == PERIODIC && cause[i] != PERIODIC) {
                    c = cause[i];
                }
            }
            blockMax[b] = max;
            blockCause[b] = c;
        }
        blocksValid = size / BLOCK * BLOCK; // a partial last block is redone next time
    }

    /** The largest pause in block {@code b} (call {@link #updateBlocks()} first). */
    public float blockMax(int b) {
        return blockMax[b];
    }

    /** The block's most telling cause: on demand if any was, else operator/start if any, else periodic. */
    public byte blockCause(int b) {
        return blockCause[b];
    }

    public int size() {
        return size;
    }

    /** Changes whenever a checkpoint is added (views redraw only then). */
    public long version() {
        return version;
    }

    public long startMs(int i) {
        return startMs[i];
    }

    public float pauseMs(int i) {
        return pauseMs[i];
    }

    public byte cause(int i) {
        return cause[i];
    }

    public long checkpointIndex(int i) {
        return index[i];
    }

    public long firstMs() {
        return size == 0 ? 0 : startMs[0];
    }

    public long lastMs() {
        return size == 0 ? 0 : startMs[size - 1];
    }

    /** The first position whose start is at or after {@code t}. */
    public int lowerBound(long t) {
        return SortedTimes.lowerBound(startMs, size, t);
    }

    /** On-demand checkpoints whose start lies in [from, to). */
    public int onDemandBetween(long from, long to) {
        int n = 0;
        for (int i = lowerBound(from), end = lowerBound(to); i < end; i++) {
            if (cause[i] == ON_DEMAND) {
                n++;
            }
        }
        return n;
    }

    /** The position of the checkpoint nearest to {@code t}, or -1 when empty. */
    public int nearest(long t) {
        if (size == 0) {
            return -1;
        }
        int i = lowerBound(t);
        if (i == size) {
            return size - 1;
        }
        if (i > 0 && t - startMs[i - 1] < startMs[i] - t) {
            return i - 1;
        }
        return i;
    }
}
