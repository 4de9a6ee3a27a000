package org.coloconsole.engine.qmp;

/**
 * Base of every failure the QMP client reports. Unchecked because results travel in futures; each
 * subclass names one way things go wrong so callers can react to it (retry, fail over, report).
 */
public class QmpException extends RuntimeException {

    public QmpException(String message) {
        super(message);
    }

    public QmpException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Unwraps the {@link java.util.concurrent.CompletionException} / {@code ExecutionException}
     * layers futures add, returning the QMP failure inside, or wraps anything else.
     */
    public static QmpException unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof QmpException q) {
            return q;
        }
        return new QmpException(String.valueOf(c.getMessage()), c);
    }
}
