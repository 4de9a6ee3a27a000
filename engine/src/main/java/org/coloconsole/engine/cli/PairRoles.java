package org.coloconsole.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.runbook.Slot;

/** What each node of a pair is right now, read from QEMU (never assumed). */
final class PairRoles {
    private PairRoles() {
    }

    static String probe(PairContext ctx, Slot slot) {
        try {
            JsonNode st = ctx.qmp(slot).call("query-status", null, Duration.ofSeconds(5));
            JsonNode colo = ctx.qmp(slot).call("query-colo-status", null, Duration.ofSeconds(5));
            return "runstate " + st.path("status").asText() + ", COLO mode " + colo.path("mode").asText()
                    + " (last " + colo.path("last-mode").asText() + ", reason " + colo.path("reason").asText() + ")";
        } catch (RuntimeException e) {
            return "not reachable: " + e.getMessage();
        }
    }

    /** The node's current COLO mode, or null when QEMU does not answer. */
    static JsonNode colo(PairContext ctx, Slot slot) {
        try {
            return ctx.qmp(slot).call("query-colo-status", null, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
