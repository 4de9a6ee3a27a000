package org.coloconsole.engine.remote;

/** The command was cancelled (and killed) before it finished. */
public class CommandCancelledException extends HostException {
    public CommandCancelledException(String host, String command) {
        super(host, "command cancelled and killed: " + command);
    }
}
