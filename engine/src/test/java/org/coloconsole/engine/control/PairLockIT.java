package org.coloconsole.engine.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.remote.RunningCommand;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.remote.ssh.SshHost;
import org.coloconsole.engine.testing.SshdFixture;
import org.coloconsole.engine.testing.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One operation at a time per pair, with real processes and a real sshd: a second taker in this
 * process, in another process (a second console or coloctl), or from another machine (the lock
 * on the node, over SSH) is refused and told who holds it; a holder that crashes (SIGKILL, a
 * dropped SSH connection) leaves nothing locked.
 */
@Tag("integration")
class PairLockIT {
    @TempDir
    Path dir;

    static PairSpec pair(Path dir) {
        return LockHolderMain.lab(dir);
    }

    @Test
    void aSecondTakerHereIsRefusedAndToldWhoHoldsThePair() {
        PairSpec p = pair(dir);
        try (PairLock first = PairLock.acquire(p, null, List.of(), "protect")) {
            PairBusyException e = assertThrows(PairBusyException.class, () -> PairLock.acquire(p, null, List.of(), "teardown"));
            assertTrue(e.getMessage().contains("'protect' run by " + System.getProperty("user.name") + "@"), e.getMessage());
            assertTrue(e.getMessage().contains("(pid " + ProcessHandle.current().pid() + ")"), e.getMessage());
            assertEquals("protect", e.holder().what());
        }
        try (PairLock again = PairLock.acquire(p, null, List.of(), "teardown")) {
            assertEquals("teardown", again.holder().what(), "released on close");
        }
    }

    @Test
    void anotherProcessIsRefusedAndACrashedHolderLeavesNothingLocked() throws Exception {
        PairSpec p = pair(dir);
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolderMain.class.getName(), dir.toString(), "failover")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the other process said nothing");
            assertTrue(line.startsWith("HELD "), line);
            PairBusyException e = assertThrows(PairBusyException.class, () -> PairLock.acquire(p, null, List.of(), "resume"));
            assertTrue(e.getMessage().contains("'failover'") && e.getMessage().contains("(pid " + other.pid() + ")"),
                    e.getMessage());
            // The holder dies without a word: the OS drops its lock.
            other.destroyForcibly();
            assertTrue(other.waitFor(10, TimeUnit.SECONDS));
            try (PairLock mine = PairLock.acquire(p, null, List.of(), "resume")) {
                assertEquals("resume", mine.holder().what());
            }
        } finally {
            other.destroyForcibly();
        }
    }

    /**
     * Consoles on two machines share no file: the lock on the node decides. The first holder's
     * SSH connection drops (its machine died): the node's lock goes with it.
     */
    @Test
    void theNodesLockRefusesAConsoleOnAnotherMachineAndDiesWithItsHoldersConnection() throws Exception {
        try (SshdFixture sshd = SshdFixture.start(dir.resolve("sshd"));
             SshConnector a = new SshConnector(null);
             SshConnector b = new SshConnector(null)) {
            Path work = Files.createDirectories(dir.resolve("node-work"));
            SshHost consoleA = a.host(sshd.target());
            SshHost consoleB = b.host(sshd.target());
            PairLock.Holder alice = new PairLock.Holder("alice", "desk-a", 111, "failover", "2026-12-02T03:00:00Z");
            RunningCommand held = PairLock.lockOn(consoleA, work.toString(), "lab", alice);
            assertNotNull(held, "the node answered and granted the lock");
            PairBusyException e = assertThrows(PairBusyException.class,
                    () -> PairLock.lockOn(consoleB, work.toString(), "lab", PairLock.me("resume")));
            assertEquals(alice, e.holder());
            assertTrue(e.getMessage().contains("'failover' run by alice@desk-a (pid 111)"), e.getMessage());
            // Machine A dies: its SSH connection drops, the node's shell sees EOF and lets go.
            a.close();
            RunningCommand[] mine = new RunningCommand[1];
            Waits.until(() -> {
                try {
                    mine[0] = PairLock.lockOn(consoleB, work.toString(), "lab", PairLock.me("resume"));
                    return mine[0] != null;
                } catch (PairBusyException stillHeld) {
                    return false;
                }
            }, Duration.ofSeconds(10), "the node's lock to be released when its holder's connection dropped");
            mine[0].cancel();
        }
    }
}
