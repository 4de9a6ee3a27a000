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
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.cluster.Slot;
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

/**
 * A real COLO pair under TCG on the loopback lab, driven by the runbooks over SSH: what the
 * two-host lab's scenarios (TwoHostFailoverE2E) do not cover — a console crash mid-Protect and
 * a missing image.
 */
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
            public void skipped(org.coloconsole.engine.model.StepInfo step, String reason) {
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
