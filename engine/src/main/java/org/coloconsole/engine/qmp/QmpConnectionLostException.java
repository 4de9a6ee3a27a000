package org.coloconsole.engine.qmp;

/**
 * The connection ended while something was waiting on it: the peer closed the socket (QEMU
 * exited or was killed), the client was closed, or a protocol error forced a close. Every
 * pending command fails with this at once.
 */
public class QmpConnectionLostException extends QmpException {
    public QmpConnectionLostException(String message) {
        super(message);
    }

    public QmpConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
