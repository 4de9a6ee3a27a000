package org.coloconsole.engine.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One QMP command of a procedure: what a runbook step sends, what a dry run prints and what the
 * journal records.
 */
public record QmpCall(String command, JsonNode arguments) {

    /** The exact JSON line that goes to QEMU (without the id the client adds). */
    public String toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("execute", command);
        if (arguments != null && !arguments.isEmpty()) {
            o.set("arguments", arguments);
        }
        return o.toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
