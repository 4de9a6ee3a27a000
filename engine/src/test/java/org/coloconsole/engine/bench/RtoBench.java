package org.coloconsole.engine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.e2e.AutoFailoverScenario;

/**
 * Recovery time objective in automatic mode: SIGKILL of the primary to the first HTTP answer
 * through the survivor, split into detection (bound by the heartbeat) and recovery (fence,
 * runbook, first answer). Target: median RTO ≤ misses × interval + 500 ms.
 */
public final class RtoBench {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/rto.json");
        int runs = Integer.getInteger("bench.rto.runs", 3);
        Duration interval = Duration.ofMillis(Integer.getInteger("bench.rto.interval", 500));
        int misses = Integer.getInteger("bench.rto.misses", 3);
        List<Double> rto = new ArrayList<>();
        List<Double> detect = new ArrayList<>();
        List<Double> recover = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            AutoFailoverScenario.Result r = AutoFailoverScenario.run(Files.createTempDirectory("rto"), interval, misses);
            rto.add((double) r.rtoMs());
            detect.add((double) r.detectMs());
            recover.add((double) r.recoverMs());
            System.out.printf("run %d: rto %d ms (detect %d, recover %d)%n", i + 1, r.rtoMs(), r.detectMs(), r.recoverMs());
        }
        ObjectNode o = BenchReport.object();
        o.put("heartbeat_interval_ms", interval.toMillis());
        o.put("misses", misses);
        o.put("runs", runs);
        o.set("rto_ms", stats(rto));
        o.set("detect_ms", stats(detect));
        o.set("recover_ms", stats(recover));
        long target = misses * interval.toMillis() + 500;
        o.put("target_rto_median_ms", target);
        o.put("targets_met", median(rto) <= target);
        BenchReport.write(out, o);
    }

    static double median(List<Double> v) {
        return BenchReport.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static ObjectNode stats(List<Double> v) {
        ObjectNode o = BenchReport.object();
        o.put("median", Math.round(median(v)));
        o.put("max", Math.round(v.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        return o;
    }
}
