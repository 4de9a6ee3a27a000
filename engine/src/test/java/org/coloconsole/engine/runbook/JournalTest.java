package org.coloconsole.engine.runbook;

import org.coloconsole.engine.cluster.Slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    @Test
    void recordsAreReadableByTheOwnerOnly() throws Exception {
        Path f = dir.resolve("j/lab.jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(f, ""); // made by someone else, readable by all
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        new Journal(f).record("protect", "start-primary", Slot.PRIMARY_NODE, "sent", "qemu …");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Path fresh = dir.resolve("fresh.jsonl");
        new Journal(fresh).record("protect", null, null, "runbook-started", "18 steps");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
    }

    @Test
    void aTornLastLineIsReportedAndSkippedNotFatal() throws Exception {
        Path f = dir.resolve("lab.jsonl");
        Journal j = new Journal(f);
        j.record("protect", "a", Slot.PRIMARY_NODE, "sent", "x");
        j.record("protect", "a", Slot.PRIMARY_NODE, "answer", "{}");
        Files.writeString(f, "{\"ts\":\"2026-12-02T00:00:00Z\",\"runb", StandardOpenOption.APPEND); // a crash mid-write
        assertEquals(2, j.read().size());
        assertEquals(1, j.problems().size());
        assertTrue(j.problems().get(0).contains("line 3 (the last: torn"), j.problems().toString());
        // A console restarted after the crash appends on a line of its own: its records are readable.
        Journal after = new Journal(f);
        after.record("failover", "b", Slot.SECONDARY_NODE, "sent", "y");
        j = after;
        assertEquals(3, j.read().size());
    }
}
