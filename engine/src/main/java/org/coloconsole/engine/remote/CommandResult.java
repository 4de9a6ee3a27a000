package org.coloconsole.engine.remote;

import java.time.Duration;

/**
 * How a command ended. Output is kept up to a bound ({@link OutputCapture#DEFAULT_LIMIT} per
 * stream); the listener saw all of it.
 */
public record CommandResult(String host, String command, int exitCode, String stdout, String stderr,
                            boolean outputTruncated, Duration duration) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result if the exit code was 0, else throws a {@link CommandFailedException}. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new CommandFailedException(this);
        }
        return this;
    }
}
