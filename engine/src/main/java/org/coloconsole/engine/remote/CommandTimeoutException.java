package org.coloconsole.engine.remote;

import java.time.Duration;

/** A command did not finish in time and was killed. */
public class CommandTimeoutException extends HostException {
    public CommandTimeoutException(String host, String command, Duration timeout) {
        super(host, "command did not finish within " + timeout.toMillis() + " ms and was killed: " + command);
    }
}
