package org.coloconsole.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.coloconsole.app.timeline.TimelineSeries;
import org.coloconsole.app.timeline.Viewport;
import org.junit.jupiter.api.Test;

/** The chart's history: sorted, bounded, searchable; the viewport's pan and zoom arithmetic. */
class TimelineSeriesTest {
    @Test
    void keepsCheckpointsSortedEvenWhenTheyArriveLate() {
        TimelineSeries s = new TimelineSeries(100);
        s.add(0, 1000, 10f, TimelineSeries.PERIODIC);
        s.add(2, 3000, 30f, TimelineSeries.ON_DEMAND);
        s.add(1, 2000, 20f, TimelineSeries.ON_DEMAND);
        assertEquals(3, s.size());
        assertEquals(2000, s.startMs(1));
        assertEquals(1, s.checkpointIndex(1));
        assertEquals(1, s.lowerBound(1500));
        assertEquals(3, s.lowerBound(5000));
        assertEquals(2, s.onDemandBetween(0, 10_000));
        assertEquals(1, s.onDemandBetween(2500, 10_000));
        assertEquals(2, s.nearest(2900));
        assertEquals(0, s.nearest(-5));
    }

    @Test
    void dropsTheOldestTenthWhenFull() {
        TimelineSeries s = new TimelineSeries(1000);
        for (int i = 0; i < 1001; i++) {
            s.add(i, i * 10L, 1f, TimelineSeries.PERIODIC);
        }
        assertEquals(901, s.size());
        assertEquals(1000, s.firstMs());
        assertEquals(10_000, s.lastMs());
    }

    @Test
    void blockSummariesFollowAppendsAndLateArrivals() {
        TimelineSeries s = new TimelineSeries(1000);
        for (int i = 0; i < 70; i++) {
            s.add(i, i * 10L, i == 40 ? 99f : 1f, i == 5 ? TimelineSeries.ON_DEMAND : TimelineSeries.PERIODIC);
        }
        s.updateBlocks();
        assertEquals(1f, s.blockMax(0));
        assertEquals(TimelineSeries.ON_DEMAND, s.blockCause(0));
        assertEquals(99f, s.blockMax(1));
        assertEquals(TimelineSeries.PERIODIC, s.blockCause(1));
        s.add(70, 15L, 500f, TimelineSeries.OPERATOR); // late: lands in block 0
        s.updateBlocks();
        assertEquals(500f, s.blockMax(0));
        assertEquals(TimelineSeries.ON_DEMAND, s.blockCause(0), "on demand stays the most telling");
    }

    @Test
    void zoomKeepsTheInstantUnderThePointerInPlace() {
        Viewport v = new Viewport();
        v.show(0, 100_000);
        v.zoom(0.5, 80_000, 0);
        assertEquals(50_000, v.span());
        assertEquals(40_000, v.from(0)); // 80 s stays at 80 % of the width
        v.pan(-10_000, 0);
        assertEquals(30_000, v.from(0));
        v.follow(60_000);
        assertEquals(940_000, v.from(1_000_000));
    }
}
