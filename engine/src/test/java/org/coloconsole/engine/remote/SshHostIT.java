package org.coloconsole.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.remote.ssh.SshHost;
import org.coloconsole.engine.remote.ssh.SshTarget;
import org.coloconsole.engine.testing.SshdFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The host contract over a real OpenSSH server on loopback, plus what only SSH has. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshHostIT extends HostContract {
    private SshConnector connector;
    private SshdFixture sshd;
    private SshHost host;

    @BeforeAll
    void startSshd() throws Exception {
        sshd = SshdFixture.start(Files.createTempDirectory("sshd-fixture"));
        connector = new SshConnector();
    }

    @AfterAll
    void stopSshd() {
        if (connector != null) {
            connector.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void connect() {
        host = connector.host(sshd.target());
    }

    @AfterEach
    void disconnect() {
        host.close();
    }

    @Override
    Host host() {
        return host;
    }

    @Test
    void oneSessionServesManyCommands() {
        for (int i = 0; i < 50; i++) {
            assertEquals(Integer.toString(i), host.check(Command.of("echo", Integer.toString(i))).stdout().strip());
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedUntilExplicitlyTrusted() throws Exception {
        Path empty = dir.resolve("known_hosts_empty");
        SshTarget t = new SshTarget(sshd.target().user(), "127.0.0.1", sshd.port(), List.of(sshd.userKey()), empty);
        try (SshHost h = connector.host(t)) {
            HostKeyException e = assertThrows(HostKeyException.class, () -> h.run(Command.of("true")));
            assertFalse(e.changed());
            assertEquals(fingerprintOf(sshd.hostPublicKey()), e.fingerprint());
            assertTrue(e.getMessage().contains(e.fingerprint()), e.getMessage());
            h.trust(e.presentedKey());
            assertTrue(h.run(Command.of("true")).ok());
            assertTrue(Files.readString(empty).startsWith("[127.0.0.1]:" + sshd.port() + " ssh-ed25519 "));
        }
    }

    @Test
    void aChangedHostKeyIsRefusedWithItsFingerprint() throws Exception {
        Path known = dir.resolve("known_hosts_copy");
        Files.copy(sshd.knownHosts(), known);
        SshTarget t = new SshTarget(sshd.target().user(), "127.0.0.1", sshd.port(), List.of(sshd.userKey()), known);
        sshd.changeHostKey();
        try (SshHost h = connector.host(t)) {
            HostKeyException e = assertThrows(HostKeyException.class, () -> h.run(Command.of("true")));
            assertTrue(e.changed());
            assertEquals(fingerprintOf(sshd.hostPublicKey()), e.fingerprint());
            assertTrue(e.getMessage().contains("HOST KEY CHANGED") && e.getMessage().contains(e.fingerprint()),
                    e.getMessage());
        } finally {
            // Later tests use the fixture's own known_hosts: record the new key there.
            String pub = Files.readString(sshd.hostPublicKey()).trim();
            String[] p = pub.split(" ");
            Files.writeString(sshd.knownHosts(), "[127.0.0.1]:" + sshd.port() + " " + p[0] + " " + p[1] + "\n");
        }
    }

    @Test
    void aWrongUserKeyIsRefused() throws Exception {
        SshTarget t = new SshTarget(sshd.target().user(), "127.0.0.1", sshd.port(), List.of(sshd.strangerKey()),
                sshd.knownHosts());
        try (SshHost h = connector.host(t)) {
            HostAuthException e = assertThrows(HostAuthException.class, () -> h.run(Command.of("true")));
            assertTrue(e.getMessage().contains("stranger_ed25519"), e.getMessage());
        }
    }

    @Test
    void sshdKilledMidCommandGivesAClearErrorAndTheNextCallReconnects() throws Exception {
        RunningCommand running = host.start(Command.of("sleep", "30").withTimeout(Duration.ofSeconds(60)));
        sshd.kill();
        long t0 = System.nanoTime();
        HostConnectionException e = assertThrows(HostConnectionException.class, running::await);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos(), "the loss was not noticed promptly");
        assertTrue(e.getMessage().contains("connection lost") && e.getMessage().contains("sleep 30"), e.getMessage());
        assertInstanceOf(HostConnectionException.class,
                assertThrows(HostException.class, () -> host.run(Command.of("true"))), "sshd is still down");
        sshd.restart();
        assertEquals("back", host.check(Command.of("echo", "back")).stdout().strip());
    }

    @Test
    void aDetachedProcessOutlivesTheSshSession() throws Exception {
        long pid = host.startDetached(List.of("sleep", "60"), dir.resolve("sleep.log").toString());
        host.close();
        try (SshHost again = connector.host(sshd.target())) {
            assertTrue(again.isAlive(pid), "the detached process died with the session");
            again.stop(pid, Duration.ofSeconds(5));
            assertFalse(again.isAlive(pid));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ecdsa", "rsa"})
    void authenticatesWithEcdsaAndRsaKeyFiles(String type) throws Exception {
        SshTarget t = new SshTarget(sshd.target().user(), "127.0.0.1", sshd.port(), List.of(sshd.authorizedKey(type)),
                sshd.knownHosts());
        try (SshHost h = connector.host(t)) {
            assertEquals(type, h.check(Command.of("echo", type)).stdout().strip());
        }
    }

    @Test
    void authenticatesWithKeysHeldByAnSshAgent() throws Exception {
        Path agentSocket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSocket.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        try {
            org.coloconsole.engine.testing.Waits.until(() -> Files.exists(agentSocket), Duration.ofSeconds(10), "ssh-agent socket");
            ProcessBuilder add = new ProcessBuilder("ssh-add", sshd.userKey().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
            Process p = add.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-add: " + out);
            // No key file at all: only the agent holds the key.
            SshTarget t = new SshTarget(sshd.target().user(), "127.0.0.1", sshd.port(), List.of(), sshd.knownHosts());
            try (SshConnector withAgent = new SshConnector(agentSocket); SshHost h = withAgent.host(t)) {
                assertEquals("via agent", h.check(Command.of("echo", "via agent")).stdout().strip());
            }
            try (SshConnector without = new SshConnector(null); SshHost h = without.host(t)) {
                HostAuthException e = assertThrows(HostAuthException.class, () -> h.run(Command.of("true")));
                assertTrue(e.getMessage().contains("ssh-agent"), e.getMessage());
            }
        } finally {
            agent.destroyForcibly();
        }
    }

    private static String fingerprintOf(Path pub) throws Exception {
        // ssh-keygen -l prints "256 SHA256:... comment (ED25519)"
        return SshdFixture.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString())).split(" ")[1];
    }
}
