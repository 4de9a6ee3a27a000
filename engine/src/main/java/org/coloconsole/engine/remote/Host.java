package org.coloconsole.engine.remote;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One machine the engine acts on: run commands, manage detached processes, touch small files,
 * and reach its loopback sockets. Implemented over SSH for real hosts and directly for the lab on
 * this machine; everything above this interface is the same for both.
 */
public interface Host extends AutoCloseable {

    /** A name for messages and journals, e.g. {@code root@127.0.0.2:22} or {@code local}. */
    String name();

    /** Starts a command; output streams to its listener. */
    RunningCommand start(Command command);

    /** Runs a command to its end and returns how it ended (any exit code). */
    default CommandResult run(Command command) {
        return start(command).await();
    }

    /** Runs a command and fails with {@link CommandFailedException} unless it exits 0. */
    default CommandResult check(Command command) {
        return run(command).orThrow();
    }

    /**
     * Starts a long-lived process in a session of its own, detached from this connection, so a
     * console crash or an SSH drop never kills it. Output goes to {@code logFile}.
     *
     * @return its pid
     */
    long startDetached(List<String> argv, String logFile);

    /** Whether a process with this pid runs. */
    boolean isAlive(long pid);

    /**
     * Stops a process: SIGTERM, then SIGKILL if it is still there after {@code grace} (QEMU stuck
     * in a hung socket ignores SIGTERM). Returns true if it had to be killed.
     */
    boolean stop(long pid, Duration grace);

    boolean exists(String path);

    /** Size in bytes, or empty if there is no such file. */
    Optional<Long> size(String path);

    void mkdirs(String path);

    /** Reads a small file (at most {@code maxBytes}). */
    byte[] read(String path, int maxBytes);

    void write(String path, byte[] content);

    void remove(String path);

    /** Reaches a UNIX socket on the host (e.g. a QEMU monitor) as a local endpoint. */
    Tunnel tunnelToUnixSocket(String remotePath);

    /** Reaches a TCP port on the host's loopback as a local endpoint. */
    default Tunnel tunnelToLoopbackPort(int port) {
        return tunnelToPort("127.0.0.1", port);
    }

    /**
     * Reaches {@code address:port} as the host itself would: the TCP connection is made from the
     * host (over SSH: by its sshd), so a service probe or a test client on a named host sees the
     * network as that host does.
     */
    Tunnel tunnelToPort(String address, int port);

    @Override
    void close();
}
