package org.coloconsole.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.net.Endpoint;

/**
 * A real QEMU process for tests, with its QMP monitor on a UNIX socket in a temp dir. By default
 * {@code -machine none}: no guest, starts in milliseconds, yet {@code stop}/{@code cont} produce
 * real STOP/RESUME events.
 */
public final class QemuFixture implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Path log;

    private QemuFixture(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    public static QemuFixture start(Path dir, String... extraArgs) throws IOException {
        Path qemu = RequiredTool.qemuSystem();
        Files.createDirectories(dir);
        Path socket = dir.resolve("qmp.sock");
        Files.deleteIfExists(socket);
        Path log = dir.resolve("qemu.log");
        List<String> cmd = new ArrayList<>(List.of(qemu.toString(),
                "-machine", "none", "-nodefaults", "-display", "none",
                "-qmp", "unix:" + socket + ",server=on,wait=off"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        QemuFixture f = new QemuFixture(p, socket, log);
        try {
            Waits.until(() -> Files.exists(socket) || !p.isAlive(), Duration.ofSeconds(20), "QMP socket " + socket);
            if (!p.isAlive()) {
                throw new AssertionError("QEMU exited at start (" + p.exitValue() + "): " + Files.readString(log));
            }
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
        return f;
    }

    public Endpoint endpoint() {
        return Endpoint.unix(socket);
    }

    public Path socket() {
        return socket;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crashed host would look to the client. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends a POSIX signal by name (STOP, CONT, ...) through kill(1). */
    public void signal(String name) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    // QEMU that hangs ignores SIGTERM (COLO-FACTS §5): fall back to SIGKILL.
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
