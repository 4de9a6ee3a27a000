package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.heartbeat.AutoFailover;
import org.coloconsole.engine.heartbeat.FailoverPolicy;
import org.coloconsole.engine.heartbeat.HeartbeatConfig;
import org.coloconsole.engine.heartbeat.SplitBrainGuard;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.qmp.QmpClient;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.testing.LabFixture;
import org.coloconsole.engine.testing.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication link between the nodes is cut (the secondary's proxy sockets are yanked, again
 * and again) while the console still reaches both: the pair is Degraded, with the reason, and
 * nothing fails over.
 */
@Tag("e2e")
@Timeout(300)
class PartitionE2E {
    @TempDir
    Path dir;

    @Test
    void aCutReplicationLinkDegradesThePairButFailsNothingOver() {
        PairSpec pair = AutoFailoverScenario.withFence(dir);
        LocalHost h = new LocalHost();
        org.coloconsole.engine.lab.LabSetup.createDisks(h, pair, true, line -> { });
        List<PairState> states = new CopyOnWriteArrayList<>();
        try (PairContext ctx = new PairContext(pair, n -> new LocalHost(), new Journal(dir.resolve("journal.jsonl")));
             PairMonitor monitor = new PairMonitor(pair, n -> new LocalHost(), Duration.ofMillis(200), 10_000)) {
            try {
                assertTrue(Executor.run(Runbooks.protect(pair), ctx, RunListener.NONE).ok());
                monitor.addListener(states::add);
                try (AutoFailover auto = new AutoFailover(monitor, ctx, new HeartbeatConfig(Duration.ofMillis(300), 3, true,
                        new SplitBrainGuard.Fence(new org.coloconsole.engine.fence.PairFencing(ctx, monitor)::fence, 10_000))).start()) {
                    Waits.until(() -> monitor.state().health() == PairState.Health.PROTECTED, Duration.ofSeconds(30),
                            "Protected");
                    QmpClient secondary = ctx.qmp(Slot.SECONDARY_NODE);
                    long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                    while (System.nanoTime() < end) {
                        // yank shuts the sockets down; reconnect=1 brings them back a second later.
                        secondary.executeOob("yank", QmpClient.args().set("instances", QmpClient.args().arrayNode()
                                .add(QmpClient.args().put("type", "chardev").put("id", "red0"))
                                .add(QmpClient.args().put("type", "chardev").put("id", "red1"))), Duration.ofSeconds(5)).join();
                        LockSupport.parkNanos(Duration.ofMillis(150).toNanos());
                    }
                    assertTrue(states.stream().anyMatch(s -> s.health() == PairState.Health.DEGRADED
                            && s.reason().contains("proxy link down")), "states: " + states);
                    assertNull(auto.lastFailover(), "nothing may fail over: " + auto.log());
                    assertEquals(FailoverPolicy.Phase.MONITORING, auto.phase(), auto.log().toString());
                }
            } finally {
                Executor.run(Runbooks.teardown(pair), ctx, RunListener.NONE);
            }
        }
    }
}
