package org.coloconsole.engine.remote;

/** The host refused our user key. */
public class HostAuthException extends HostException {
    public HostAuthException(String host, String message, Throwable cause) {
        super(host, message, cause);
    }
}
