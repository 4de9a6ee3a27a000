package org.coloconsole.engine.remote;

/** A failure to do something on a host; the message names the host and what was attempted. */
public class HostException extends RuntimeException {
    private final String host;

    public HostException(String host, String message) {
        super(host + ": " + message);
        this.host = host;
    }

    public HostException(String host, String message, Throwable cause) {
        super(host + ": " + message, cause);
        this.host = host;
    }

    public String host() {
        return host;
    }
}
