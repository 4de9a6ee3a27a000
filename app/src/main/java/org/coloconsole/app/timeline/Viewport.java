package org.coloconsole.app.timeline;

/**
 * The time window the charts show: [from, from + span) in epoch ms. "Live" keeps the right edge
 * at now. Plain state shared by the timeline and the rate chart; FX thread only.
 */
public final class Viewport {
    static final long MIN_SPAN_MS = 1_000;
    static final long MAX_SPAN_MS = 31L * 24 * 3600 * 1000;

    private long from;
    private long span = 10 * 60_000L;
    private boolean live = true;
    private long version;

    public long from(long now) {
        return live ? now - span : from;
    }

    public long span() {
        return span;
    }

    public boolean live() {
        return live;
    }

    public long version() {
        return version;
    }

    public void follow(long spanMs) {
        span = clamp(spanMs);
        live = true;
        version++;
    }

    public void show(long fromMs, long spanMs) {
        from = fromMs;
        span = clamp(spanMs);
        live = false;
        version++;
    }

    /** Moves the window by {@code ms} (negative: into the past); leaves live mode. */
    public void pan(long ms, long now) {
        show(from(now) + ms, span);
    }

    /** Zooms by {@code factor} (&lt;1 zooms in) keeping the instant {@code anchor} where it is on screen. */
    public void zoom(double factor, long anchor, long now) {
        long f = from(now);
        long newSpan = clamp(Math.round(span * factor));
        double share = span == 0 ? 0.5 : (double) (anchor - f) / span;
        show(anchor - Math.round(share * newSpan), newSpan);
    }

    private static long clamp(long s) {
        return Math.max(MIN_SPAN_MS, Math.min(MAX_SPAN_MS, s));
    }
}
