package org.coloconsole.engine.runbook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.coloconsole.engine.cluster.Slot;

/**
 * Which node the journal says is primary now: what the last runbook that set the roles left. A
 * console that starts while both nodes are silent (the moment it matters most) still knows that a
 * resume had swapped the roles; a node's own answer overrides it as soon as one comes.
 */
public final class JournalRoles {
    private JournalRoles() {
    }

    /** The primary after the last finished protect, failover, resume or teardown; empty when none is journaled. */
    public static Optional<Slot> primary(Journal journal) {
        List<ObjectNode> all = journal.read();
        for (int i = all.size() - 1; i >= 0; i--) {
            ObjectNode o = all.get(i);
            if (!o.path("event").asText().equals("runbook-finished")) {
                continue;
            }
            String rb = o.path("runbook").asText();
            if (rb.equals("protect") || rb.equals("teardown")) {
                return Optional.of(Slot.PRIMARY_NODE); // both start the pair over as the profile says
            }
            String step = rb.startsWith("failover-") ? "survivor-runs" : rb.startsWith("resume-") ? "primary-colo" : null;
            if (step == null) {
                continue;
            }
            // The step that proved who runs as primary names its node.
            for (int j = i - 1; j >= 0; j--) {
                ObjectNode s = all.get(j);
                if (rb.equals(s.path("runbook").asText()) && step.equals(s.path("step").asText()) && s.has("node")) {
                    return slot(s.path("node").asText());
                }
                if (s.path("event").asText().equals("runbook-started") && rb.equals(s.path("runbook").asText())) {
                    break;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Slot> slot(String label) {
        for (Slot s : Slot.values()) {
            if (s.label().equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
