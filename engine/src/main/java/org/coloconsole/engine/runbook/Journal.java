package org.coloconsole.engine.runbook;

import org.coloconsole.engine.cluster.Slot;

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
 * The audit journal of a pair: one JSON object per line, appended and fsynced record by record
 * as things happen (who, when, which runbook and step, what was sent, what came back), readable
 * by its owner only (0600). Never rewritten. A torn last line (a crash mid-write) is reported by
 * {@link #problems()} and skipped, never fatal.
 */
public final class Journal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final String user = System.getProperty("user.name", "?");
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    private boolean ownerOnlyChecked;
    private final List<String> problems = new ArrayList<>();

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
        byte[] line = (o.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (!ownerOnlyChecked && Files.exists(file) && Files.size(file) > 0) {
                // A crash mid-write left a torn last line: start ours on a line of its own.
                try (java.nio.channels.SeekableByteChannel r = Files.newByteChannel(file, StandardOpenOption.READ)) {
                    java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
                    r.position(r.size() - 1).read(last);
                    if (last.get(0) != '\n') {
                        line = ("\n" + new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                    }
                }
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.util.Set.of(
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), OWNER_ONLY)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false); // on disk before the step goes on: the journal is what a restart trusts
            }
            if (!ownerOnlyChecked) {
                // A journal made by an older version (or by hand) may be readable by others: fix it once.
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                ownerOnlyChecked = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal " + file, e);
        }
    }

    /** All entries, oldest first (for recovery after a console crash, and for tests); unreadable lines skipped. */
    public synchronized List<ObjectNode> read() {
        List<ObjectNode> out = new ArrayList<>();
        problems.clear();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add((ObjectNode) JSON.readTree(line));
            } catch (IOException | ClassCastException e) {
                problems.add(file + " line " + (i + 1) + (i == lines.size() - 1 ? " (the last: torn by a crash mid-write?)" : "")
                        + " is not a journal record and was skipped: " + line.substring(0, Math.min(80, line.length())));
            }
        }
        return out;
    }

    /** What the last {@link #read()} skipped, and why. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }
}
