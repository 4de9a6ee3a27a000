package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.RunListener;
import org.coloconsole.engine.runbook.RunResult;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.runbook.Slot;
import org.coloconsole.engine.testing.SshdFixture;
import org.coloconsole.engine.testing.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real COLO pair under TCG, driven by the runbooks over SSH. */
@Tag("e2e")
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtectAndFailoverE2E {
    @TempDir
    Path dir;
    SshdFixture sshd;
    SshConnector connector;
    LabPairFixture lab;

    @BeforeAll
    void sshd() throws Exception {
        sshd = SshdFixture.start(Files.createTempDirectory("e2e-sshd"));
        connector = new SshConnector(null);
    }

    @AfterAll
    void stopSshd() {
        connector.close();
        sshd.close();
    }

    @AfterEach
    void teardown() {
        if (lab != null) {
            Executor.run(Runbooks.teardown(lab.pair), lab.ctx, RunListener.NONE);
            lab.ctx.close();
        }
    }

    private static void ok(RunResult r) {
        assertTrue(r.ok(), r.summary());
    }

    @Test
    void protectThenKillThePrimaryAndFailOverToTheSecondary() {
        lab = new LabPairFixture(dir, sshd, connector);
        lab.createDisks();
        ok(Executor.run(Runbooks.protect(lab.pair), lab.ctx, RunListener.NONE));
        assertEquals("primary", lab.ctx.qmp(Slot.PRIMARY_NODE).call("query-colo-status", null).get("mode").asText());
        assertEquals("secondary", lab.ctx.qmp(Slot.SECONDARY_NODE).call("query-colo-status", null).get("mode").asText());

        ok(Executor.run(Runbooks.setCheckpointDelay(lab.pair, Slot.PRIMARY_NODE, 3000), lab.ctx, RunListener.NONE));
        assertEquals(3000, lab.ctx.qmp(Slot.PRIMARY_NODE).call("query-migrate-parameters", null)
                .get("x-checkpoint-delay").asInt());

        Waits.until(() -> LabPairFixture.http(LabPairFixture.HTTP_PRIMARY).contains("colo-lab guest"),
                Duration.ofSeconds(120), "HTTP through the primary while protected");
        Waits.until(() -> LabPairFixture.counter(LabPairFixture.COUNTER_PRIMARY) > 0, Duration.ofSeconds(60), "the disk counter");
        long before = LabPairFixture.counter(LabPairFixture.COUNTER_PRIMARY);

        long primaryPid = lab.ctx.pid(Slot.PRIMARY_NODE).orElseThrow();
        lab.ctx.host(Slot.PRIMARY_NODE).check(Command.of("kill", "-KILL", Long.toString(primaryPid)));
        ok(Executor.run(Runbooks.failoverToSecondary(lab.pair), lab.ctx, RunListener.NONE));

        Waits.until(() -> LabPairFixture.http(LabPairFixture.HTTP_SECONDARY).contains("colo-lab guest"),
                Duration.ofSeconds(30), "HTTP through the survivor");
        long after = LabPairFixture.counter(LabPairFixture.COUNTER_SECONDARY);
        assertTrue(after >= before, "the disk counter went back from " + before + " to " + after);

        ok(Executor.run(Runbooks.teardown(lab.pair), lab.ctx, RunListener.NONE));
        assertNothingLeft();
        // The journal has every command that changed something, with its answer.
        List<String> events = lab.journal.read().stream().map(o -> o.path("event").asText()).toList();
        assertTrue(events.contains("sent") && events.contains("answer") && events.contains("check-passed"), events.toString());
        assertTrue(lab.journal.read().stream().anyMatch(o -> o.path("detail").asText().contains("x-colo-lost-heartbeat")));
    }

    @Test
    void resumeFromTheSecondaryThenFailOverTheOtherWay() {
        lab = new LabPairFixture(dir, sshd, connector);
        lab.createDisks();
        ok(Executor.run(Runbooks.protect(lab.pair), lab.ctx, RunListener.NONE));
        Waits.until(() -> LabPairFixture.counter(LabPairFixture.COUNTER_PRIMARY) > 0, Duration.ofSeconds(120), "the disk counter");
        lab.ctx.host(Slot.PRIMARY_NODE).check(Command.of("kill", "-KILL",
                Long.toString(lab.ctx.pid(Slot.PRIMARY_NODE).orElseThrow())));
        ok(Executor.run(Runbooks.failoverToSecondary(lab.pair), lab.ctx, RunListener.NONE));

        // A fresh secondary on the old primary's side; the survivor becomes the primary of a new pair.
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunListener watch = new RunListener() {
            @Override
            public void progress(org.coloconsole.engine.runbook.Step step, String text) {
                progress.add(text);
            }
        };
        ok(Executor.run(Runbooks.resume(lab.pair, Slot.SECONDARY_NODE, true), lab.ctx, watch));
        assertFalse(progress.isEmpty(), "the resync reported progress");
        assertEquals("primary", lab.ctx.qmp(Slot.SECONDARY_NODE).call("query-colo-status", null).get("mode").asText());
        assertEquals("secondary", lab.ctx.qmp(Slot.PRIMARY_NODE).call("query-colo-status", null).get("mode").asText());
        Waits.until(() -> LabPairFixture.http(LabPairFixture.HTTP_SECONDARY).contains("colo-lab guest"),
                Duration.ofSeconds(60), "HTTP through the new primary while protected again");
        long before = LabPairFixture.counter(LabPairFixture.COUNTER_SECONDARY);

        // Now the new secondary dies: the new primary goes on alone.
        lab.ctx.host(Slot.PRIMARY_NODE).check(Command.of("kill", "-KILL",
                Long.toString(lab.ctx.pid(Slot.PRIMARY_NODE).orElseThrow())));
        ok(Executor.run(Runbooks.failover(lab.pair, Slot.SECONDARY_NODE, org.coloconsole.engine.qemu.Role.PRIMARY),
                lab.ctx, RunListener.NONE));
        Waits.until(() -> LabPairFixture.http(LabPairFixture.HTTP_SECONDARY).contains("colo-lab guest"),
                Duration.ofSeconds(30), "HTTP through the survivor");
        assertTrue(LabPairFixture.counter(LabPairFixture.COUNTER_SECONDARY) >= before);
        ok(Executor.run(Runbooks.teardown(lab.pair), lab.ctx, RunListener.NONE));
        assertNothingLeft();
    }

    @Test
    void protectThenKillTheSecondaryFailOverToThePrimaryAndResume() {
        lab = new LabPairFixture(dir, sshd, connector);
        lab.createDisks();
        ok(Executor.run(Runbooks.protect(lab.pair), lab.ctx, RunListener.NONE));
        long secondaryPid = lab.ctx.pid(Slot.SECONDARY_NODE).orElseThrow();
        lab.ctx.host(Slot.SECONDARY_NODE).check(Command.of("kill", "-KILL", Long.toString(secondaryPid)));
        ok(Executor.run(Runbooks.failoverToPrimary(lab.pair), lab.ctx, RunListener.NONE));
        Waits.until(() -> LabPairFixture.http(LabPairFixture.HTTP_PRIMARY).contains("colo-lab guest"),
                Duration.ofSeconds(120), "HTTP through the primary running alone");
        // Resume from the primary: a fresh secondary on its own side again.
        ok(Executor.run(Runbooks.resume(lab.pair, Slot.PRIMARY_NODE, false), lab.ctx, RunListener.NONE));
        assertEquals("secondary", lab.ctx.qmp(Slot.SECONDARY_NODE).call("query-colo-status", null).get("mode").asText());
        assertTrue(LabPairFixture.http(LabPairFixture.HTTP_PRIMARY).contains("colo-lab guest"));
        ok(Executor.run(Runbooks.teardown(lab.pair), lab.ctx, RunListener.NONE));
        assertNothingLeft();
    }

    @Test
    void reRunningProtectAfterAConsoleCrashPicksUpFromTheNodesRealState() {
        lab = new LabPairFixture(dir, sshd, connector);
        lab.createDisks();
        Runbook full = Runbooks.protect(lab.pair);
        // The console "crashes" after starting both QEMUs: only the first 7 steps ran.
        Runbook firstPart = new Runbook("protect", lab.pair, full.steps().subList(0, 7));
        ok(Executor.run(firstPart, lab.ctx, RunListener.NONE));
        lab.ctx.close();
        // A new console, knowing only the profile and what the nodes say.
        lab = new LabPairFixture(dir, sshd, connector);
        List<String> skipped = new java.util.ArrayList<>();
        RunListener watch = new RunListener() {
            @Override
            public void skipped(org.coloconsole.engine.runbook.Step step, String reason) {
                skipped.add(step.id());
            }
        };
        ok(Executor.run(Runbooks.protect(lab.pair), lab.ctx, watch));
        assertTrue(skipped.containsAll(List.of("start-primary", "start-secondary")), skipped.toString());
        assertEquals("primary", lab.ctx.qmp(Slot.PRIMARY_NODE).call("query-colo-status", null).get("mode").asText());
        // And once more on a pair already in COLO: nothing is started or sent twice.
        skipped.clear();
        ok(Executor.run(Runbooks.protect(lab.pair), lab.ctx, watch));
        assertTrue(skipped.contains("primary-migrate") && skipped.contains("secondary-nbd-server-start"), skipped.toString());
    }

    @Test
    void aMissingSecondaryImageStopsProtectAtThatStepNamingTheFile() throws Exception {
        lab = new LabPairFixture(dir, sshd, connector);
        lab.createDisks();
        Files.delete(Path.of(lab.pair.secondary().image()));
        RunResult r = Executor.run(Runbooks.protect(lab.pair), lab.ctx, RunListener.NONE);
        assertFalse(r.ok());
        assertEquals("image-secondary", r.failedStep().id());
        assertTrue(r.error().contains(lab.pair.secondary().image()), r.error());
        assertTrue(r.summary().contains("FAILED at step 4"), r.summary());
        ok(Executor.run(Runbooks.teardown(lab.pair), lab.ctx, RunListener.NONE));
        assertNothingLeft();
    }

    private void assertNothingLeft() {
        for (Slot s : Slot.values()) {
            assertTrue(lab.ctx.pid(s).isEmpty(), "pid file left for the " + s.label());
        }
        for (int port : lab.pair.primary().ports().all()) {
            assertFalse(LabPairFixture.listening("127.0.0.1", port), "127.0.0.1:" + port + " still listens");
            assertFalse(LabPairFixture.listening("127.0.0.2", port), "127.0.0.2:" + port + " still listens");
        }
        for (int port : List.of(18080, 18081, 18084, 18087)) {
            assertFalse(LabPairFixture.listening("127.0.0.1", port), "host forward " + port + " still listens");
        }
        String ps = lab.ctx.host(Slot.PRIMARY_NODE).run(Command.of("pgrep", "-f", "[q]emu-system-x86_64.*" + dir)).stdout();
        assertTrue(ps.isBlank(), "QEMU processes left: " + ps);
    }
}
