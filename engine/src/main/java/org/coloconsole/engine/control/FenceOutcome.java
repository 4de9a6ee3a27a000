package org.coloconsole.engine.control;

/**
 * What the configured fencing action did: only {@code ok} (exit 0 within the time) counts as
 * proof that the peer is dead.
 *
 * @param command the command as run, words joined for display
 */
public record FenceOutcome(boolean configured, boolean ok, String command, String detail) {
}
