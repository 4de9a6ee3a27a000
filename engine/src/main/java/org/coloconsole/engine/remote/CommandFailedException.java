package org.coloconsole.engine.remote;

/** A command ran and exited non-zero. */
public class CommandFailedException extends HostException {
    private final CommandResult result;

    public CommandFailedException(CommandResult r) {
        super(r.host(), "command failed with exit code " + r.exitCode() + ": " + r.command()
                + (r.stderr().isBlank() ? "" : "\n" + tail(r.stderr())));
        this.result = r;
    }

    public CommandResult result() {
        return result;
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s.strip() : "…" + s.substring(s.length() - 2000).strip();
    }
}
