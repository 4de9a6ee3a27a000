package org.coloconsole.engine.qmp;

/** The socket to the QMP monitor could not be opened (nothing listening, refused, timed out). */
public class QmpConnectException extends QmpException {
    public QmpConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
