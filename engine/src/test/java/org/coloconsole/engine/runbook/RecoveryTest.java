package org.coloconsole.engine.runbook;

import org.coloconsole.engine.cluster.Slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runbook the journal shows interrupted, and what it registered to undo. */
class RecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aRunbookStartedAndNeverEndedIsInterruptedWithItsUndos() {
        Journal j = new Journal(dir.resolve("j.jsonl"));
        j.record("protect", null, null, "runbook-started", "20 steps");
        j.record("protect", null, null, "runbook-finished", "done");
        assertTrue(Recovery.find(j).isEmpty(), "a finished runbook is not interrupted");
        j.record("resume-from-secondary", null, null, "runbook-started", "30 steps");
        j.record("resume-from-secondary", "resume-stop", Slot.SECONDARY_NODE, "answer", "{}");
        j.record("resume-from-secondary", "resume-stop", Slot.SECONDARY_NODE, Recovery.UNDO_REGISTERED, "{\"execute\":\"cont\"}");
        j.record("resume-from-secondary", "resume-object-add-m0", Slot.SECONDARY_NODE, Recovery.UNDO_REGISTERED,
                "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"m0\"}}");
        var in = Recovery.find(j).orElseThrow();
        assertEquals("resume-from-secondary", in.runbook());
        assertEquals("resume-object-add-m0", in.lastStep());
        assertEquals(List.of("{\"execute\":\"cont\"}", "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"m0\"}}"),
                in.undos().stream().map(o -> o.path("detail").asText()).toList());
        j.record("resume-from-secondary", null, null, "recovered", "undone");
        assertTrue(Recovery.find(j).isEmpty(), "recovered once, never again");
    }

    @Test
    void aRunbookThatFailedUndidItselfAlready() {
        Journal j = new Journal(dir.resolve("j.jsonl"));
        j.record("resume-from-primary", null, null, "runbook-started", "30 steps");
        j.record("resume-from-primary", "resume-stop", Slot.PRIMARY_NODE, Recovery.UNDO_REGISTERED, "{\"execute\":\"cont\"}");
        j.record("resume-from-primary", "resume-migrate", Slot.PRIMARY_NODE, "step-failed", "no route");
        assertTrue(Recovery.find(j).isEmpty());
    }
}
