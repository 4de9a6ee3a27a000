package org.coloconsole.engine.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.drill.DrillFiles;
import org.coloconsole.engine.model.DrillReport;

/** Drill reports shaped as a drill of the lab pair writes them (not from a run), for the report's and the console's tests. */
public final class DrillSamples {
    private DrillSamples() {
    }

    /** A report as a drill of the lab pair writes it (the numbers are a real run's shape, not a run). */
    public static DrillReport sample(String id, DrillReport.Verdict verdict, List<String> reasons) {
        List<DrillReport.Point> probe = new ArrayList<>();
        for (long t = 0; t < 60_000; t += 250) {
            probe.add(new DrillReport.Point(t, t > 12_000 && t < 12_400 ? -1 : 3 + (t % 7)));
        }
        List<DrillReport.Point> cps = new ArrayList<>();
        for (long t = 1_000; t < 60_000; t += 2_000) {
            cps.add(new DrillReport.Point(t, 40 + t % 30));
        }
        return new DrillReport(id, "lab", "7.2.19", "0.1.0", "root", "console-host", "2026-12-02T11:00:00Z",
                "2026-12-02T11:01:00Z", "primary node", "primary",
                List.of(new DrillReport.Phase("preflight", 0, 11_000, 60_000, true, "Protected"),
                        new DrillReport.Phase("fault", 11_000, 12_000, 20_000, true, "killed"),
                        new DrillReport.Phase("failover", 12_000, 12_300, 60_000, true, "runs alone"),
                        new DrillReport.Phase("data check", 12_300, 14_000, 90_000, true, "20 of 20"),
                        new DrillReport.Phase("resume", 14_000, 60_000, 600_000, true, "Protected again")),
                List.of(new DrillReport.Step("fault", "kill-qemu", "primary node", "kill -KILL <pid>", "pid 42 killed", 12_000, true),
                        new DrillReport.Step("failover", "x-colo-lost-heartbeat", "secondary node", "{\"execute\":\"x-colo-lost-heartbeat\"}",
                                "{} <script>alert(1)</script>", 12_100, true)),
                probe, cps, 560, 40, 90, 48_000, 120, 140,
                new DrillReport.DataCheck("durable writes", true, "20 of 20 acknowledged writes read back; the same boot"),
                new DrillReport.Objectives(5_000, 600_000), verdict, reasons, "Protected: both nodes in COLO");
    }

    /** Two reports of pair {@code pair} in {@code dir}: a passed one (11:00) and a missed one (12:00). */
    public static void write(Path dir, String pair) {
        DrillFiles.write(rename(sample("drill-" + pair + "-20261202-110000", DrillReport.Verdict.PASSED, List.of()), pair), dir);
        DrillFiles.write(rename(sample("drill-" + pair + "-20261202-120000", DrillReport.Verdict.MISSED,
                List.of("the client's gap 560 ms is over the objective 500 ms")), pair), dir);
    }

    private static DrillReport rename(DrillReport r, String pair) {
        return new DrillReport(r.id(), pair, r.qemuVersion(), r.consoleVersion(), r.operator(), r.host(), r.id().endsWith("110000")
                ? "2026-12-02T11:00:00Z" : "2026-12-02T12:00:00Z", r.finishedAt(), r.victim(), r.killedRole(), r.phases(), r.steps(),
                r.probe(), r.checkpoints(), r.clientGapMs(), r.detectMs(), r.failoverMs(), r.toProtectedMs(), r.checkpointsBefore(),
                r.checkpointsAfter(), r.dataCheck(), r.objectives(), r.verdict(), r.reasons(), r.finalState());
    }
}
