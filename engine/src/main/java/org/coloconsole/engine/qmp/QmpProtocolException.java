package org.coloconsole.engine.qmp;

/**
 * The peer broke the QMP protocol: malformed JSON, a message over the size limit, a greeting
 * that is not QMP, a reply to an id we never sent. The client closes the connection: a stream it
 * cannot parse is a stream it cannot trust.
 */
public class QmpProtocolException extends QmpException {
    public QmpProtocolException(String message) {
        super(message);
    }

    public QmpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A bounded excerpt of peer-supplied text for error messages. */
    static String excerpt(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "… (" + s.length() + " chars)";
    }
}
