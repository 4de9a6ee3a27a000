package org.coloconsole.engine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.model.CheckpointRecord;
import org.coloconsole.engine.monitor.ColoTraceParser;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.testing.LabFixture;
import org.coloconsole.engine.testing.Waits;

/**
 * Trace-log lines parsed per second (target ≥ 500,000/s), and the latency from a checkpoint's
 * RESUME event (QEMU's timestamp) to the PairState that includes it reaching a listener, on the
 * real lab pair (target: median ≤ 20 ms).
 */
public final class MonitorBench {
    private static final String[] LINES = {
        "colo_compare_main : packet same and release packet",
        "colo_compare_main : primary: unsupported packet in",
        "colo_compare_ip_info ppkt size = 60, ip_src = 10.0.2.15, ip_dst = 10.0.2.2, spkt size = 60, ip_src = 10.0.2.15",
        "colo_compare_tcp_info pri: seq/ack= 291892022/960002 hdlen= 58 pdlen= 2 offset= 2 flags=18",
        "colo_compare_tcp_info sec: seq/ack= 3657849444/960002 hdlen= 58 pdlen= 2 offset= 0 flags=18",
        "colo_send_message Send 'checkpoint-request' message",
        "colo_receive_message Receive 'checkpoint-reply' message",
        "colo_vm_state_change Change 'run' => 'stop'",
        "colo_flush_ram_cache_begin dirty_pages 412",
        "colo_compare_main : packet different",
    };

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/monitor.json");
        int n = 5_000_000;
        String[] lines = new String[n];
        for (int i = 0; i < n; i++) {
            lines[i] = LINES[i % LINES.length];
        }
        double best = 0;
        for (int round = 0; round < 5; round++) {
            ColoTraceParser p = new ColoTraceParser();
            long t0 = System.nanoTime();
            for (String l : lines) {
                p.accept(l);
            }
            double perS = n / ((System.nanoTime() - t0) / 1e9);
            if (p.counts().lines() != n) {
                throw new IllegalStateException("lost lines");
            }
            best = Math.max(best, perS);
        }

        Path dir = Files.createTempDirectory("monitor-bench");
        PairSpec pair = LabProfile.profile(LabFixture.assets(), dir).pair("lab").orElseThrow();
        LocalHost h = new LocalHost();
        org.coloconsole.engine.lab.LabSetup.createDisks(h, pair, true, line -> { });
        List<Double> latencies = new ArrayList<>();
        try (PairContext ctx = new PairContext(pair, x -> new LocalHost(), new Journal(dir.resolve("j.jsonl")));
             PairMonitor monitor = new PairMonitor(pair, x -> new LocalHost(), Duration.ofMillis(500), 10_000)) {
            if (!Executor.run(Runbooks.protect(pair), ctx, RunListener.NONE).ok()) {
                throw new IllegalStateException("protect failed");
            }
            // Checkpoints every 300 ms for plenty of samples.
            Executor.run(Runbooks.setCheckpointDelay(pair, org.coloconsole.engine.cluster.Slot.PRIMARY_NODE, 300), ctx,
                    RunListener.NONE);
            long[] seen = {0};
            monitor.addListener(state -> {
                // Only states published for a new checkpoint (polls publish too; they are not events).
                long count = monitor.timeline().count();
                if (count == seen[0]) {
                    return;
                }
                seen[0] = count;
                List<CheckpointRecord> all = monitor.timeline().all();
                if (!all.isEmpty()) {
                    CheckpointRecord last = all.get(all.size() - 1);
                    Instant resumedAt = last.start().plusNanos((long) (last.pauseMs() * 1e6));
                    double ms = Duration.between(resumedAt, Instant.now()).toNanos() / 1e6;
                    if (ms >= 0 && ms < 1000 && latencies.size() < 500) {
                        synchronized (latencies) {
                            latencies.add(ms);
                        }
                    }
                }
            });
            monitor.start();
            Waits.until(() -> latencies.size() >= 60, Duration.ofSeconds(90), "60 checkpoints");
            Executor.run(Runbooks.teardown(pair), ctx, RunListener.NONE);
        }
        double[] lat;
        synchronized (latencies) {
            lat = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        }
        java.util.Arrays.sort(lat);
        ObjectNode o = BenchReport.object();
        o.put("trace_lines", n);
        o.put("trace_lines_per_s", Math.round(best));
        o.put("event_to_state_samples", lat.length);
        ObjectNode l = BenchReport.object();
        l.put("median", Math.round(BenchReport.median(lat) * 100) / 100.0);
        l.put("p99", Math.round(lat[(int) Math.min(lat.length - 1, Math.ceil(lat.length * 0.99) - 1)] * 100) / 100.0);
        l.put("max", Math.round(lat[lat.length - 1] * 100) / 100.0);
        o.set("event_to_state_ms", l);
        o.put("targets_met", best >= 500_000 && BenchReport.median(lat) <= 20);
        BenchReport.write(out, o);
    }
}
