package org.coloconsole.engine.qmp;

/** Life cycle of one QMP connection. */
public enum QmpConnectionState {
    /** Socket connected, waiting for the greeting and capability negotiation. */
    NEGOTIATING,
    /** Ready for commands. */
    READY,
    /** Closed, by us or by the peer; {@link QmpClient#closeCause()} says why. Final. */
    CLOSED
}
