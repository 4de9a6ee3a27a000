package org.coloconsole.engine.qmp;

import java.time.Duration;

/** Something QMP should have done (answer a command, greet us) did not happen in time. */
public class QmpTimeoutException extends QmpException {
    private final Duration timeout;

    public QmpTimeoutException(String what, Duration timeout) {
        super(what + " within " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
