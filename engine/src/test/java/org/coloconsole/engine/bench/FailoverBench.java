package org.coloconsole.engine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.qemu.ColoQmp;
import org.coloconsole.engine.qemu.QmpCall;
import org.coloconsole.engine.qmp.QmpClient;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.testing.LabFixture;

/**
 * Wall time of FailoverToSecondary and FailoverToPrimary on the lab pair (runbook: checks,
 * journal and all), against the same QMP commands sent back to back by the bare client in the
 * same run, on a pair in the same state. Target: runbook median ≤ 1.5 × raw + 50 ms.
 */
public final class FailoverBench {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/failover.json");
        int runs = Integer.getInteger("bench.failover.runs", 3);
        Path dir = Files.createTempDirectory("failover-bench");
        PairSpec pair = LabProfile.profile(LabFixture.assets(), dir).pair("lab").orElseThrow();
        LocalHost h = new LocalHost();
        List<Double> toSecondary = new ArrayList<>();
        List<Double> toPrimary = new ArrayList<>();
        List<Double> rawToSecondary = new ArrayList<>();
        List<Double> rawToPrimary = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            toSecondary.add(one(pair, h, dir, Slot.PRIMARY_NODE, false));
            toPrimary.add(one(pair, h, dir, Slot.SECONDARY_NODE, false));
            rawToSecondary.add(one(pair, h, dir, Slot.PRIMARY_NODE, true));
            rawToPrimary.add(one(pair, h, dir, Slot.SECONDARY_NODE, true));
            System.out.printf("run %d: runbook %.1f / %.1f ms, raw %.1f / %.1f ms%n", i + 1, toSecondary.get(i),
                    toPrimary.get(i), rawToSecondary.get(i), rawToPrimary.get(i));
        }
        List<Double> raw = new ArrayList<>(rawToSecondary);
        raw.addAll(rawToPrimary);
        ObjectNode r = BenchReport.object();
        r.put("runs", runs);
        r.set("failover_to_secondary_ms", stats(toSecondary));
        r.set("failover_to_primary_ms", stats(toPrimary));
        r.set("raw_qmp_steps_ms", stats(raw));
        r.set("raw_to_secondary_ms", stats(rawToSecondary));
        r.set("raw_to_primary_ms", stats(rawToPrimary));
        boolean met = median(toSecondary) <= 1.5 * median(rawToSecondary) + 50
                && median(toPrimary) <= 1.5 * median(rawToPrimary) + 50;
        r.put("target", "runbook median <= 1.5 x raw median + 50 ms, per direction");
        r.put("targets_met", met);
        BenchReport.write(out, r);
    }

    /** Protect, kill the peer of {@code survivor}'s peer, time the failover, tear down. */
    private static double one(PairSpec pair, LocalHost h, Path dir, Slot killed, boolean raw) {
        h.check(Command.of("rm", "-rf", dir.resolve("primary").toString(), dir.resolve("secondary").toString()));
        org.coloconsole.engine.lab.LabSetup.createDisks(h, pair, true, line -> { });
        Slot survivor = killed.other();
        try (PairContext ctx = new PairContext(pair, n -> new LocalHost(), new Journal(dir.resolve("journal.jsonl")))) {
            must(Executor.run(Runbooks.protect(pair), ctx, RunListener.NONE));
            QmpClient survivorQmp = ctx.qmp(survivor);
            h.check(Command.of("kill", "-KILL", Long.toString(ctx.pid(killed).orElseThrow())));
            long t0 = System.nanoTime();
            if (raw) {
                List<QmpCall> calls = survivor == Slot.SECONDARY_NODE
                        ? ColoQmp.calls(ColoQmp.failoverSecondary(pair.secondary())) : ColoQmp.calls(ColoQmp.failoverPrimary());
                for (QmpCall c : calls) {
                    survivorQmp.call(c.command(), c.arguments());
                }
            } else {
                Runbook rb = survivor == Slot.SECONDARY_NODE ? Runbooks.failoverToSecondary(pair) : Runbooks.failoverToPrimary(pair);
                must(Executor.run(rb, ctx, RunListener.NONE));
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            must(Executor.run(Runbooks.teardown(pair), ctx, RunListener.NONE));
            return ms;
        }
    }

    private static void must(RunResult r) {
        if (!r.ok()) {
            throw new IllegalStateException(r.summary());
        }
    }

    private static double median(List<Double> v) {
        return BenchReport.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static ObjectNode stats(List<Double> v) {
        ObjectNode o = BenchReport.object();
        o.put("median", Math.round(median(v) * 10) / 10.0);
        o.put("max", Math.round(v.stream().mapToDouble(Double::doubleValue).max().orElse(0) * 10) / 10.0);
        return o;
    }
}
