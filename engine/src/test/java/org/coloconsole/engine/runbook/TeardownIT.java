package org.coloconsole.engine.runbook;

import org.coloconsole.engine.model.RunResult;

import org.coloconsole.engine.model.RunListener;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.remote.LocalHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a node kills only that node's QEMU: a stale pid file naming another process leaves it alone. */
@Tag("integration")
class TeardownIT {
    @TempDir
    Path dir;

    @Test
    void aStalePidFileNamingAnotherProcessDoesNotGetItKilled() throws Exception {
        PairSpec pair = LabProfile.profile(dir.resolve("assets"), dir.resolve("pair")).pair("lab").orElseThrow();
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            Files.createDirectories(Path.of(pair.primary().workDir()));
            Files.writeString(Path.of(pair.primary().pidFile()), bystander.pid() + "\n");
            try (PairContext ctx = new PairContext(pair, n -> new LocalHost(), new Journal(dir.resolve("j.jsonl")))) {
                RunResult r = Executor.run(Runbooks.teardown(pair), ctx, RunListener.NONE);
                assertTrue(r.ok(), r.summary());
            }
            assertTrue(bystander.isAlive(), "the process the stale pid file named is alive");
            assertFalse(Files.exists(Path.of(pair.primary().pidFile())), "the stale pid file is gone");
        } finally {
            bystander.destroyForcibly();
        }
    }
}
