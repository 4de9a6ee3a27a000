package org.coloconsole.app.timeline;

/** Search in the ascending time arrays the charts keep (checkpoint starts, probe samples). */
final class SortedTimes {
    private SortedTimes() {
    }

    /** The first index in {@code times[0..size)} whose value is at or after {@code t} (size when none). */
    static int lowerBound(long[] times, int size, long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
