package org.coloconsole.engine.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.remote.ssh.SshTarget;

/**
 * A real OpenSSH server on a free loopback port, with freshly generated host and user keys, for
 * the integration tier. Runs as the current user (root in CI); StrictModes is off because the keys
 * live under a temp dir.
 */
public final class SshdFixture implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Path sshd;
    private Process process;

    private SshdFixture(Path dir, int port, Path sshd) {
        this.dir = dir;
        this.port = port;
        this.sshd = sshd;
    }

    public static SshdFixture start(Path dir) throws Exception {
        Path sshd = RequiredTool.require("sshd", "openssh-server");
        RequiredTool.require("ssh-keygen", "openssh-client");
        Files.createDirectories(dir);
        // sshd insists on its privilege-separation directory.
        Files.createDirectories(Path.of("/run/sshd"));
        SshdFixture f = new SshdFixture(dir, freePort(), sshd);
        f.keygen("host_ed25519");
        f.keygen("user_ed25519");
        Files.copy(dir.resolve("user_ed25519.pub"), dir.resolve("authorized_keys"));
        f.writeKnownHosts();
        f.writeConfig();
        f.launch();
        return f;
    }

    private void keygen(String name) throws Exception {
        Files.deleteIfExists(dir.resolve(name));
        Files.deleteIfExists(dir.resolve(name + ".pub"));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", dir.resolve(name).toString()));
    }

    /** A new user key of the given type (ecdsa, rsa, ed25519) that the server accepts. */
    public Path authorizedKey(String type) throws Exception {
        String name = "user_" + type;
        Files.deleteIfExists(dir.resolve(name));
        Files.deleteIfExists(dir.resolve(name + ".pub"));
        run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", dir.resolve(name).toString()));
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(dir.resolve(name + ".pub")),
                java.nio.file.StandardOpenOption.APPEND);
        return dir.resolve(name);
    }

    /** A key pair the server does not know, for testing refused authentication. */
    public Path strangerKey() throws Exception {
        keygen("stranger_ed25519");
        return dir.resolve("stranger_ed25519");
    }

    private void writeKnownHosts() throws IOException {
        String pub = Files.readString(dir.resolve("host_ed25519.pub")).trim();
        String[] parts = pub.split(" ");
        Files.writeString(knownHosts(), "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
    }

    private void writeConfig() throws IOException {
        // Port and ListenAddress apart, the lab hosts' configuration (the one place it is written).
        Files.writeString(dir.resolve("sshd_config"), "Port " + port + "\n" + org.coloconsole.engine.lab.LabNetwork.sshdConfig(
                "127.0.0.1", dir.resolve("host_ed25519"), dir.resolve("sshd.pid"), dir.resolve("authorized_keys")));
    }

    private void launch() throws Exception {
        process = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        Waits.until(() -> accepts() || !process.isAlive(), Duration.ofSeconds(15), "sshd on 127.0.0.1:" + port);
        if (!process.isAlive()) {
            throw new AssertionError("sshd exited at start: " + Files.readString(dir.resolve("sshd.log")));
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL of sshd and every session process under it: the host's SSH is gone. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        Waits.until(() -> !accepts(), Duration.ofSeconds(10), "sshd to stop listening");
    }

    /** Starts sshd again on the same port with the same keys. */
    public void restart() throws Exception {
        if (process.isAlive()) {
            kill();
        }
        launch();
    }

    /** Replaces the host key (as a reinstalled or impersonated host would) and restarts. */
    public void changeHostKey() throws Exception {
        kill();
        keygen("host_ed25519");
        launch();
    }

    public Path hostPublicKey() {
        return dir.resolve("host_ed25519.pub");
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public Path userKey() {
        return dir.resolve("user_ed25519");
    }

    public int port() {
        return port;
    }

    public SshTarget target() {
        return new SshTarget(System.getProperty("user.name"), "127.0.0.1", port, List.of(userKey()), knownHosts());
    }

    public static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
