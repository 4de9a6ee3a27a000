package org.coloconsole.engine.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.fence.PairFencing;
import org.coloconsole.engine.heartbeat.AutoFailover;
import org.coloconsole.engine.heartbeat.HeartbeatConfig;
import org.coloconsole.engine.heartbeat.SplitBrainGuard;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.testing.LabFixture;
import org.coloconsole.engine.testing.Waits;

/**
 * Protect the lab pair, turn on automatic failover (each node's fence: the lab agent kills its QEMU, verified), SIGKILL
 * the primary, and time it until HTTP answers through the survivor. Used by the e2e test and the
 * RTO benchmark.
 */
public final class AutoFailoverScenario {
    public record Result(long rtoMs, long detectMs, long recoverMs, List<String> states, List<String> policyLog,
                         List<String> evidence) {
    }

    private AutoFailoverScenario() {
    }

    /** The loopback lab pair with the lab's fence agent on each node (kills that node's QEMU, verified). */
    static PairSpec withFence(Path dir) {
        Path agent = org.coloconsole.engine.lab.LabSetup.findFenceAgent().orElseThrow(
                () -> new IllegalStateException("installers/lab/fence_colo_lab not found"));
        return org.coloconsole.engine.cluster.ProfileLoader.parse("(loopback lab with fences)",
                LabProfile.yaml(LabFixture.assets(), dir, agent)).pair("lab").orElseThrow();
    }

    public static Result run(Path dir, Duration interval, int misses) {
        PairSpec pair = withFence(dir);
        LocalHost h = new LocalHost();
        h.check(Command.of("rm", "-rf", dir.resolve("primary").toString(), dir.resolve("secondary").toString()));
        org.coloconsole.engine.lab.LabSetup.createDisks(h, pair, true, line -> { });
        List<String> states = new CopyOnWriteArrayList<>();
        try (PairContext ctx = new PairContext(pair, n -> new LocalHost(), new Journal(dir.resolve("journal.jsonl")));
             PairMonitor monitor = new PairMonitor(pair, n -> new LocalHost(), interval, 10_000)) {
            if (!Executor.run(Runbooks.protect(pair), ctx, RunListener.NONE).ok()) {
                throw new IllegalStateException("protect failed");
            }
            monitor.addListener(s -> {
                String line = s.health().label() + (s.reason().isEmpty() ? "" : " (" + s.reason() + ")");
                if (states.isEmpty() || !states.get(states.size() - 1).endsWith(line)) {
                    states.add(Instant.now() + " " + line);
                }
            });
            try (AutoFailover auto = new AutoFailover(monitor, ctx, new HeartbeatConfig(interval, misses, true,
                    new SplitBrainGuard.Fence(new PairFencing(ctx, monitor)::fence, 10_000))).start()) {
                Waits.until(() -> monitor.state().health() == PairState.Health.PROTECTED, Duration.ofSeconds(30), "Protected");
                Waits.until(() -> LabPairFixture.http(LabPairFixture.HTTP_PRIMARY).contains("colo-lab"),
                        Duration.ofSeconds(120), "the guest's HTTP");
                long kill = System.nanoTime();
                h.check(Command.of("kill", "-KILL", Long.toString(ctx.pid(Slot.PRIMARY_NODE).orElseThrow())));
                try {
                    Waits.until(() -> auto.lastFailover() != null, Duration.ofSeconds(60), "the automatic failover");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\npolicy " + auto.log() + "\nevidence "
                            + auto.evidence() + "\nstates " + states + "\nphase " + auto.phase(), e);
                }
                long failoverDone = System.nanoTime();
                if (!auto.lastFailover().ok()) {
                    throw new IllegalStateException(auto.lastFailover().summary());
                }
                Waits.until(() -> LabPairFixture.http(LabPairFixture.HTTP_SECONDARY).contains("colo-lab"),
                        Duration.ofSeconds(30), "HTTP through the survivor");
                long answered = System.nanoTime();
                Waits.until(() -> monitor.state().reason().contains("running alone"), Duration.ofSeconds(10), "running alone");
                long recover = auto.lastFailover().duration().toMillis() + (answered - failoverDone) / 1_000_000;
                long rto = (answered - kill) / 1_000_000;
                return new Result(rto, rto - recover, recover, List.copyOf(states), auto.log(), auto.evidence());
            } finally {
                Executor.run(Runbooks.teardown(pair), ctx, RunListener.NONE);
            }
        }
    }
}
