package org.coloconsole.engine.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coloconsole.engine.model.DrillReport;
import org.coloconsole.engine.testing.DrillSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill report as its files: the JSON reads back as the same report, the HTML holds the verdict, the chart and every step. */
class DrillReportFilesTest {
    @TempDir
    Path dir;

    @Test
    void theJsonReadsBackAndTheListIsNewestFirst() {
        DrillReport older = DrillSamples.sample("drill-lab-20261202-110000", DrillReport.Verdict.PASSED, List.of());
        DrillReport newer = DrillSamples.sample("drill-lab-20261202-120000", DrillReport.Verdict.MISSED, List.of("the client's gap 560 ms is over"));
        DrillFiles.write(older, dir);
        DrillFiles.Written w = DrillFiles.write(newer, dir);
        assertEquals(newer, DrillFiles.read(w.json()));
        assertEquals(List.of(newer.id(), older.id()), DrillFiles.list(dir).stream().map(DrillReport::id).toList());
        assertTrue(Files.exists(w.html()));
    }

    @Test
    void theHtmlHoldsTheVerdictTheChartAndEveryStepEscaped() {
        String html = DrillHtml.render(DrillSamples.sample("drill-lab-1", DrillReport.Verdict.MISSED, List.of("the client's gap 9000 ms is over the objective")));
        assertTrue(html.contains("id=\"verdict\"") && html.contains("Verdict: MISSED"), "the verdict");
        assertTrue(html.contains("the client&#39;s gap 9000 ms is over the objective"), "the reason, escaped");
        assertTrue(html.contains("<svg id=\"chart\""), "the chart");
        assertEquals(240, count(html, "class=\"probe\"") + count(html, "class=\"probe-miss\""), "one mark per probe answer");
        assertTrue(count(html, "class=\"probe-miss\"") > 0, "the silence is drawn");
        assertEquals(30, count(html, "class=\"pause\""), "one bar per checkpoint");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>"), "answers are escaped");
        assertTrue(html.contains("kill-qemu") && html.contains("x-colo-lost-heartbeat"), "every step");
        assertFalse(html.contains("http://") && html.contains("<link"), "nothing fetched: self-contained");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
