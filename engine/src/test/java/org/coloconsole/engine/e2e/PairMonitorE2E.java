package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.coloconsole.engine.model.CheckpointRecord;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.testing.SshdFixture;
import org.coloconsole.engine.testing.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pair monitor on a real COLO pair: checkpoints, mismatches, state after a node dies. */
@Tag("e2e")
@Timeout(300)
class PairMonitorE2E {
    @TempDir
    Path dir;
    LabPairFixture lab;
    SshdFixture sshd;
    SshConnector connector;
    PairMonitor monitor;

    @AfterEach
    void cleanUp() {
        if (monitor != null) {
            monitor.close();
        }
        if (lab != null) {
            Executor.run(Runbooks.teardown(lab.pair), lab.ctx, RunListener.NONE);
            lab.ctx.close();
        }
        if (connector != null) {
            connector.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void checkpointsMismatchesAndTheStateOfThePair() throws Exception {
        sshd = SshdFixture.start(Files.createTempDirectory("mon-sshd"));
        connector = new SshConnector(null);
        lab = new LabPairFixture(dir, sshd, connector);
        lab.createDisks();
        assertTrue(Executor.run(Runbooks.protect(lab.pair), lab.ctx, RunListener.NONE).ok());
        List<PairState> states = new CopyOnWriteArrayList<>();
        monitor = new PairMonitor(lab.pair, n -> new LocalHost(), Duration.ofMillis(300), 10_000);
        monitor.addListener(states::add);
        monitor.start();
        Waits.until(() -> monitor.state().health() == PairState.Health.PROTECTED, Duration.ofSeconds(30), "Protected");
        Waits.until(() -> LabPairFixture.http(LabPairFixture.HTTP_PRIMARY).contains("colo-lab"), Duration.ofSeconds(120),
                "the guest");

        // 1. The monitor's checkpoints are QEMU's MIGRATION_PASS events, one for one, over a window
        //    that starts and ends between checkpoints.
        Waits.until(() -> monitor.timeline().count() >= 3, Duration.ofSeconds(30), "checkpoints");
        Instant from = betweenCheckpoints();
        LockSupport.parkNanos(Duration.ofSeconds(7).toNanos());
        Instant to = betweenCheckpoints();
        long checkpoints = monitor.timeline().between(from, to).size();
        long passes = monitor.migrationPasses().stream()
                .filter(e -> !e.timestamp().isBefore(from) && e.timestamp().isBefore(to)).count();
        assertTrue(checkpoints >= 2, "checkpoints in the window: " + checkpoints);
        assertEquals(passes, checkpoints, "MIGRATION_PASS events vs checkpoints in [" + from + ", " + to + ")");

        // 2. Echo lines on one persistent connection: released at once, no on-demand checkpoint.
        //    Guest-clock lines: the two VMs answer differently, every request forces a checkpoint.
        try (Socket echo = new Socket("127.0.0.1", 18082); Socket clock = new Socket("127.0.0.1", 18083)) {
            // The first line of a connection may wait for a checkpoint or two on a loaded 2-core machine.
            echo.setSoTimeout(60_000);
            clock.setSoTimeout(60_000);
            exchange(echo, "warm-up");
            exchange(clock, "warm-up");
            echo.setSoTimeout(10_000);
            clock.setSoTimeout(10_000);
            Instant e0 = betweenCheckpoints();
            for (int i = 0; i < 5; i++) {
                exchange(echo, "line " + i);
            }
            Instant e1 = Instant.now();
            Instant c0 = betweenCheckpoints();
            for (int i = 0; i < 5; i++) {
                exchange(clock, "tick " + i);
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            Instant c1 = Instant.now();
            long echoOnDemand = onDemand(e0, e1);
            long clockOnDemand = onDemand(c0, c1);
            assertEquals(0, echoOnDemand, "on-demand checkpoints during echo traffic: " + monitor.timeline().between(e0, e1));
            assertTrue(clockOnDemand >= 3, "on-demand checkpoints for 5 clock requests: " + clockOnDemand + " in "
                    + monitor.timeline().between(c0, c1));
        }

        // 2b. Exact counts from the trace log, sampled in a window over SSH: guest-clock lines
        //     mismatch (TCP, inferred from the checkpoint requests), echo lines are released.
        try (Socket clock = new Socket("127.0.0.1", 18083); Socket echo = new Socket("127.0.0.1", 18082)) {
            clock.setSoTimeout(10_000);
            echo.setSoTimeout(10_000);
            exchange(clock, "warm-up");
            exchange(echo, "warm-up");
            org.coloconsole.engine.qmp.QmpClient q = lab.ctx.qmp(Slot.PRIMARY_NODE);
            java.util.concurrent.CompletableFuture<org.coloconsole.engine.model.TraceSample> sample =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> org.coloconsole.engine.monitor.TraceSampler
                            .sample(q, lab.ctx.host(Slot.PRIMARY_NODE), lab.pair.primary().traceLog(), Duration.ofSeconds(4)));
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            for (int i = 0; i < 3; i++) {
                exchange(clock, "tick " + i);
                exchange(echo, "line " + i);
            }
            org.coloconsole.engine.model.TraceCounts counts = sample.get(60, java.util.concurrent.TimeUnit.SECONDS).counts();
            assertTrue(counts.lines() > 0 && counts.checkpointRequests() >= 3, counts.toString());
            assertTrue(counts.mismatches() >= 1, counts.toString());
            assertTrue(counts.released() >= 1, counts.toString());
        }

        // 3. The primary dies: the state says so, with the reason, and then the survivor runs alone.
        lab.ctx.host(Slot.PRIMARY_NODE).check(Command.of("kill", "-KILL",
                Long.toString(lab.ctx.pid(Slot.PRIMARY_NODE).orElseThrow())));
        Waits.until(() -> monitor.state().health() == PairState.Health.NOT_PROTECTED, Duration.ofSeconds(20),
                "Not protected after the kill (now " + monitor.state() + ")");
        // Either the poll finds the primary gone first, or the survivor's COLO_EXIT (reason error) arrives first.
        Waits.until(() -> monitor.state().reason().contains("primary node is down")
                || monitor.state().reason().contains("COLO exited"), Duration.ofSeconds(10), "a reason for the state");
        monitor.failingOver(true);
        assertEquals(PairState.Health.FAILING_OVER, monitor.state().health());
        assertTrue(Executor.run(Runbooks.failoverToSecondary(lab.pair), lab.ctx, RunListener.NONE).ok());
        monitor.failingOver(false);
        Waits.until(() -> monitor.state().reason().contains("running alone"), Duration.ofSeconds(10),
                "running alone (now " + monitor.state() + ")");
        assertTrue(states.stream().anyMatch(s -> s.health() == PairState.Health.PROTECTED));
    }

    private long onDemand(Instant from, Instant to) {
        return monitor.timeline().between(from, to).stream()
                .filter(r -> r.cause() == CheckpointRecord.Cause.ON_DEMAND).count();
    }

    /** Waits for a checkpoint, then returns a moment half a delay after its start (no checkpoint near). */
    private Instant betweenCheckpoints() {
        long n = monitor.timeline().count();
        Waits.until(() -> monitor.timeline().count() > n, Duration.ofSeconds(10), "the next checkpoint");
        Instant mid = monitor.timeline().lastStart().plusMillis(lab.pair.checkpointDelayMs() / 2);
        long wait = Duration.between(Instant.now(), mid).toNanos();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        return mid;
    }

    private static void exchange(Socket s, String line) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String reply = readLine(s);
        assertTrue(reply.endsWith(line), "reply '" + reply + "' to '" + line + "'");
    }

    private static String readLine(Socket s) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c; (c = s.getInputStream().read()) >= 0 && c != '\n'; ) {
            b.append((char) c);
        }
        return b.toString();
    }
}
