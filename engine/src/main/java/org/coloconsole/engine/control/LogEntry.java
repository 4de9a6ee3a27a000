package org.coloconsole.engine.control;

import java.time.Instant;

/**
 * One line of the event and audit log: a QEMU event, a state change, or what a runbook sent and
 * what came back.
 *
 * @param node   the profile slot it concerns ("primary node", "secondary node", see Slot.label) or "pair"
 * @param source where it comes from: "qmp event", "monitor", "runbook protect", "fence", ...
 */
public record LogEntry(Instant at, String node, Severity severity, String source, String text) {

    public enum Severity { DEBUG, INFO, WARN, ERROR }

    public static final String PAIR = "pair";
}
