package org.coloconsole.engine.qmp;

/** The peer greeted us but refused {@code qmp_capabilities}, so no command can be sent. */
public class QmpNegotiationException extends QmpException {
    public QmpNegotiationException(String message, Throwable cause) {
        super(message, cause);
    }
}
