package org.coloconsole.engine.remote;

import java.time.Duration;

/** A command's two output streams, streamed to its listener and kept (bounded) for the result. */
public final class CapturedOutput {
    private final OutputCapture stdout;
    private final OutputCapture stderr;

    public CapturedOutput(OutputListener listener) {
        stdout = new OutputCapture(listener::stdout, OutputCapture.DEFAULT_LIMIT);
        stderr = new OutputCapture(listener::stderr, OutputCapture.DEFAULT_LIMIT);
    }

    public OutputCapture stdout() {
        return stdout;
    }

    public OutputCapture stderr() {
        return stderr;
    }

    /** Passes on a last line without a line end. */
    public void close() {
        stdout.close();
        stderr.close();
    }

    public CommandResult result(String host, String command, int exitCode, Duration duration) {
        close();
        return new CommandResult(host, command, exitCode, stdout.text(), stderr.text(),
                stdout.truncated() || stderr.truncated(), duration);
    }
}
