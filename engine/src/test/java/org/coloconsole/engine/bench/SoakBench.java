package org.coloconsole.engine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.model.RunListener;

/**
 * Bounded memory: 24 hours of a COLO pair's events at 20 per second (a checkpoint every 150 ms:
 * STOP, RESUME, MIGRATION_PASS), compressed in time, into the console's engine as it runs (the
 * PairController with its monitor, the runbooks' control connection, the log listeners). The
 * nodes are {@link UnixQmpLoad} peers on real UNIX sockets. The heap after GC is taken after the
 * first simulated hour ({@code heap_start_mb}: every bounded history has been allocated or has
 * started to fill) and after the last ({@code heap_end_mb}); the target is end ≤ 1.1 × start.
 * {@code heap_initial_mb} (before any event) is reported too.
 */
public final class SoakBench {
    private static final int HOURS = Integer.getInteger("soak.hours", 24);
    private static final int EVENTS_PER_S = 20;
    private static final long CHECKPOINT_EVERY_MICROS = 150_000; // 3 events each: 20 events/s

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/soak.json");
        Path dir = Files.createTempDirectory("soak-bench");
        PairSpec pair = ProfileLoader.parse("soak", LabProfile.yaml(dir.resolve("assets"), dir)).pair("lab").orElseThrow();
        Files.createDirectories(Path.of(pair.primary().workDir()));
        Files.createDirectories(Path.of(pair.secondary().workDir()));
        long t0 = System.nanoTime();
        AtomicLong logEntries = new AtomicLong();
        try (UnixQmpLoad pMon = new UnixQmpLoad(Path.of(pair.primary().monitorSocket()), "primary", 150);
             UnixQmpLoad pCtl = new UnixQmpLoad(Path.of(pair.primary().qmpSocket()), "primary", 150);
             UnixQmpLoad sMon = new UnixQmpLoad(Path.of(pair.secondary().monitorSocket()), "secondary", 150);
             UnixQmpLoad sCtl = new UnixQmpLoad(Path.of(pair.secondary().qmpSocket()), "secondary", 150);
             PairController console = new PairController(pair, n -> new LocalHost(), new Journal(dir.resolve("journal.jsonl")),
                     Duration.ofSeconds(1), PairController.CHECKPOINTS_KEPT)) {
            console.addLogListener(e -> logEntries.incrementAndGet()); // as the console's log view listens
            console.start();
            waitFor(() -> pMon.connections() > 0 && sMon.connections() > 0, "the monitor's connections");
            // A runbook opens the control connection to the primary, which then gets every event too.
            var r = console.changeDelay(150, RunListener.NONE).get(60, TimeUnit.SECONDS);
            if (!r.ok()) {
                throw new IllegalStateException("the delay runbook failed: " + r.summary());
            }
            waitFor(() -> pCtl.connections() > 0, "the control connection");
            double initial = heapMb();
            long startMicros = Instant.now().minus(Duration.ofHours(HOURS)).toEpochMilli() * 1000;
            long perHour = 3_600_000_000L / CHECKPOINT_EVERY_MICROS;
            long pass = 0;
            double start = 0;
            double[] hourly = new double[HOURS];
            for (int h = 0; h < HOURS; h++) {
                for (long i = 0; i < perHour; i++) {
                    long at = startMicros + pass * CHECKPOINT_EVERY_MICROS;
                    for (UnixQmpLoad l : new UnixQmpLoad[] {pMon, pCtl, sMon, sCtl}) {
                        l.checkpoint(at, pass);
                    }
                    pass++;
                }
                long expected = pass;
                waitFor(() -> console.monitor().timeline().count() >= expected, "hour " + (h + 1) + " consumed");
                hourly[h] = heapMb();
                if (h == 0) {
                    start = hourly[h];
                }
                System.out.printf("simulated hour %d: %d checkpoints, heap %.1f MB%n", h + 1, pass, hourly[h]);
            }
            double end = hourly[HOURS - 1];
            ObjectNode o = BenchReport.object();
            o.put("simulated_hours", HOURS);
            o.put("events_per_s_simulated", EVENTS_PER_S);
            o.put("events_per_connection", pass * 3);
            o.put("connections", 4);
            o.put("checkpoints_seen", console.monitor().timeline().count());
            o.put("checkpoints_kept", PairController.CHECKPOINTS_KEPT);
            o.put("log_entries_emitted", logEntries.get());
            o.put("wall_s", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            o.put("heap_initial_mb", round(initial));
            o.put("heap_start_mb", round(start));
            o.put("heap_end_mb", round(end));
            var series = o.putArray("heap_hourly_mb");
            for (double v : hourly) {
                series.add(round(v));
            }
            o.put("target", "heap_end_mb <= 1.1 x heap_start_mb");
            o.put("targets_met", end <= 1.1 * start);
            BenchReport.write(out, o);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Used heap after a full collection, in MB. */
    private static double heapMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            LockSupport.parkNanos(100_000_000L);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    private static void waitFor(java.util.function.BooleanSupplier ok, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("soak bench: timed out waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }
}
