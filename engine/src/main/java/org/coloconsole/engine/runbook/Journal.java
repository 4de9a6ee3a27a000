package org.coloconsole.engine.runbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit journal of a pair: one JSON object per line, appended and flushed as things happen
 * (who, when, which runbook and step, what was sent, what came back). Never rewritten.
 */
public final class Journal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final String user = System.getProperty("user.name", "?");

    public Journal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void record(String runbook, String step, Slot slot, String event, String detail) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", Instant.now().toString());
        o.put("user", user);
        o.put("runbook", runbook);
        if (step != null) {
            o.put("step", step);
        }
        if (slot != null) {
            o.put("node", slot.label());
        }
        o.put("event", event);
        if (detail != null) {
            o.put("detail", detail);
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, o.toString() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal " + file, e);
        }
    }

    /** All entries, oldest first (for recovery after a console crash, and for tests). */
    public List<ObjectNode> read() {
        List<ObjectNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add((ObjectNode) JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file, e);
        }
        return out;
    }
}
