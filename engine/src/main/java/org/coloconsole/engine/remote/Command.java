package org.coloconsole.engine.remote;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command to run on a host, as an argument list: quoting is the engine's job, never the
 * caller's.
 *
 * @param argv     program and arguments
 * @param timeout  after this the command (and its children) is killed and the run fails
 * @param stdin    bytes fed to its standard input (then EOF), or null for none
 * @param listener receives output lines as they arrive
 */
public record Command(List<String> argv, Duration timeout, byte[] stdin, OutputListener listener) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * As {@code stdin}: keep the command's standard input open, never write to it, until the
     * command is cancelled. A command that waits for EOF on it then ends when this process or its
     * connection dies: what a lock held on a remote host needs to be released by a crash.
     */
    private static final byte[] HOLD_OPEN = new byte[0];

    /** A command whose stdin stays open until it is cancelled (see {@link #holdsStdinOpen()}). */
    public static Command holdingStdinOpen(List<String> argv, Duration timeout, OutputListener listener) {
        return new Command(argv, timeout, HOLD_OPEN, listener);
    }

    public boolean holdsStdinOpen() {
        return stdin == HOLD_OPEN;
    }

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        listener = listener == null ? OutputListener.NONE : listener;
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), DEFAULT_TIMEOUT, null, null);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, DEFAULT_TIMEOUT, null, null);
    }

    public Command withTimeout(Duration t) {
        return new Command(argv, t, stdin, listener);
    }

    public Command withStdin(byte[] in) {
        return new Command(argv, timeout, in, listener);
    }

    public Command withListener(OutputListener l) {
        return new Command(argv, timeout, stdin, l);
    }

    /** The command as an operator would type it (quoted), for logs, journals and dry runs. */
    public String display() {
        return ShellQuote.join(argv);
    }
}
