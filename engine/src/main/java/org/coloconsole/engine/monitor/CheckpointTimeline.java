package org.coloconsole.engine.monitor;

import org.coloconsole.engine.model.CheckpointRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoints of a pair, from the primary's STOP/RESUME events, in a bounded ring (the oldest
 * fall out). Each gets its pause and its cause: every request re-arms the periodic timer, so an
 * interval clearly shorter than the delay means colo-compare asked for it (COLO-FACTS §3).
 * The ring is primitive arrays allocated once (25 bytes a checkpoint): its memory is fixed from
 * the start, however long the pair runs (the soak benchmark holds it to that); records are
 * made only when read.
 */
public final class CheckpointTimeline {
    private static final CheckpointRecord.Cause[] CAUSES = CheckpointRecord.Cause.values();
    /** Intervals below this share of the delay count as on demand. */
    private static final double ON_DEMAND_SHARE = 0.9;

    private final long[] startSeconds;
    private final int[] startNanos;
    private final double[] pauseMs;
    private final long[] intervalMs;
    private final byte[] cause;
    private final int capacity;
    private int head;
    private int size;
    private long count;
    private Instant pendingStop;
    private Instant lastStart;
    private long delayMs;
    private boolean operatorChange;

    public CheckpointTimeline(int capacity, long checkpointDelayMs) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.startSeconds = new long[capacity];
        this.startNanos = new int[capacity];
        this.pauseMs = new double[capacity];
        this.intervalMs = new long[capacity];
        this.cause = new byte[capacity];
        this.delayMs = checkpointDelayMs;
    }

    /** The operator set a new delay; the checkpoint it forces is marked as theirs. */
    public synchronized void delayChanged(long newDelayMs) {
        delayMs = newDelayMs;
        operatorChange = true;
    }

    /** A STOP event of the primary (a checkpoint starts). */
    public synchronized void stop(Instant at) {
        pendingStop = at;
    }

    /** A RESUME event of the primary; returns the completed checkpoint, or null without a STOP. */
    public synchronized CheckpointRecord resume(Instant at) {
        if (pendingStop == null) {
            return null;
        }
        Instant start = pendingStop;
        pendingStop = null;
        long interval = lastStart == null ? -1 : Duration.between(lastStart, start).toMillis();
        CheckpointRecord.Cause cause;
        if (operatorChange) {
            cause = CheckpointRecord.Cause.OPERATOR;
            operatorChange = false;
        } else if (interval < 0) {
            cause = CheckpointRecord.Cause.START;
        } else if (interval < delayMs * ON_DEMAND_SHARE) {
            cause = CheckpointRecord.Cause.ON_DEMAND;
        } else {
            cause = CheckpointRecord.Cause.PERIODIC;
        }
        lastStart = start;
        CheckpointRecord r = new CheckpointRecord(count++, start, Duration.between(start, at).toNanos() / 1e6, interval, cause);
        int slot = (head + size) % capacity;
        startSeconds[slot] = start.getEpochSecond();
        startNanos[slot] = start.getNano();
        pauseMs[slot] = r.pauseMs();
        intervalMs[slot] = interval;
        this.cause[slot] = (byte) cause.ordinal();
        if (size < capacity) {
            size++;
        } else {
            head = (head + 1) % capacity;
        }
        return r;
    }

    /** Checkpoints ever seen (including those the ring no longer holds). */
    public synchronized long count() {
        return count;
    }

    public synchronized Instant lastStart() {
        return lastStart;
    }

    /** Held checkpoints that started in [from, to), oldest first. */
    public synchronized List<CheckpointRecord> between(Instant from, Instant to) {
        List<CheckpointRecord> out = new ArrayList<>();
        long first = count - size;
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % capacity;
            Instant start = Instant.ofEpochSecond(startSeconds[slot], startNanos[slot]);
            if (!start.isBefore(from) && start.isBefore(to)) {
                out.add(new CheckpointRecord(first + i, start, pauseMs[slot], intervalMs[slot], CAUSES[cause[slot]]));
            }
        }
        return out;
    }

    public synchronized List<CheckpointRecord> all() {
        return between(Instant.MIN, Instant.MAX);
    }

    /** On-demand checkpoints per minute over the window ending at {@code now}. */
    public double onDemandPerMinute(Instant now, Duration window) {
        long n = between(now.minus(window), now).stream()
                .filter(r -> r.cause() == CheckpointRecord.Cause.ON_DEMAND).count();
        return n * 60_000.0 / window.toMillis();
    }

    /** The held checkpoints as a JSON array (for export). */
    public String toJson() {
        StringBuilder b = new StringBuilder("[");
        List<CheckpointRecord> all = all();
        for (int i = 0; i < all.size(); i++) {
            CheckpointRecord r = all.get(i);
            b.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT,
                    "{\"index\":%d,\"start\":\"%s\",\"pause_ms\":%.3f,\"interval_ms\":%d,\"cause\":\"%s\"}",
                    r.index(), r.start(), r.pauseMs(), r.intervalMs(), r.cause()));
        }
        return b.append(']').toString();
    }

    public String toCsv() {
        StringBuilder b = new StringBuilder("index,start,pause_ms,interval_ms,cause\n");
        for (CheckpointRecord r : all()) {
            b.append(r.index()).append(',').append(r.start()).append(',').append(String.format("%.3f", r.pauseMs()))
                    .append(',').append(r.intervalMs()).append(',').append(r.cause()).append('\n');
        }
        return b.toString();
    }
}
