package org.coloconsole.engine.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;

/**
 * An asynchronous QMP event. {@code timestamp} is the time QEMU stamped on it (the host's wall
 * clock, microsecond resolution), not the time it arrived here.
 */
public record QmpEvent(String name, JsonNode data, Instant timestamp) {

    static QmpEvent parse(JsonNode frame) {
        String name = frame.get("event").asText();
        JsonNode data = frame.has("data") ? frame.get("data") : MissingNode.getInstance();
        JsonNode ts = frame.path("timestamp");
        Instant when;
        if (ts.path("seconds").isNumber()) {
            when = Instant.ofEpochSecond(ts.get("seconds").asLong(), ts.path("microseconds").asLong() * 1000L);
        } else {
            // QMP always stamps events; a peer that doesn't still gets its event delivered.
            when = Instant.now();
        }
        return new QmpEvent(name, data, when);
    }
}
