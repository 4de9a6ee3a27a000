package org.coloconsole.engine.remote;

/**
 * The host could not be reached, or the connection broke while a command ran. The next call
 * tries to connect again.
 */
public class HostConnectionException extends HostException {
    public HostConnectionException(String host, String message, Throwable cause) {
        super(host, message, cause);
    }
}
