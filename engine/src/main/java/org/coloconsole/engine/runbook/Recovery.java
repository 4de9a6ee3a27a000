package org.coloconsole.engine.runbook;

import org.coloconsole.engine.cluster.Slot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coloconsole.engine.qmp.QmpCommandException;

/**
 * After a crash: a runbook the journal shows as started but never ended (the console or coloctl
 * died mid-way) is undone from the journal, newest step first, with the undo each done step
 * registered there (QMP, so it runs without the runbook's objects: a resume's {@code cont} for its
 * {@code stop}, the removal of what it added). Steps without an undo (protect's starts) are left
 * to a re-run, which skips what is done; the report says so. Whoever calls this must hold the
 * pair's lock: that proves the runbook's process is gone.
 */
public final class Recovery {
    /** Journal event: a done step's undo, as the QMP JSON to send. */
    public static final String UNDO_REGISTERED = "undo-registered";
    /** Journal event: a step after which nothing before it is undone (see {@link Step#committing}). */
    public static final String COMMITTED = "committed";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** QEMU's errors for an undo that finds nothing to take back (the step never took effect). */
    static final List<String> NOTHING_TO_UNDO = List.of("not found", "No such", "does not exist", "doesn't exist",
            "does not have child", "not in COLO", "feature 'colo' is not enabled", "running");

    private Recovery() {
    }

    /** The interrupted runbook the journal ends with, if any. */
    public record Interrupted(String runbook, String lastStep, List<ObjectNode> undos, int startedAt) {
    }

    public static Optional<Interrupted> find(Journal journal) {
        List<ObjectNode> all = journal.read();
        int start = -1;
        for (int i = all.size() - 1; i >= 0; i--) {
            String e = all.get(i).path("event").asText();
            if (e.equals("runbook-started")) {
                start = i;
                break;
            }
            if (e.equals("runbook-finished") || e.equals("runbook-failed") || e.equals("recovered")) {
                return Optional.empty();
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        String name = all.get(start).path("runbook").asText();
        String lastStep = "(none)";
        List<ObjectNode> undos = new ArrayList<>();
        for (int i = start + 1; i < all.size(); i++) {
            ObjectNode o = all.get(i);
            if (!name.equals(o.path("runbook").asText())) {
                continue;
            }
            if (o.path("event").asText().equals("step-failed")) {
                return Optional.empty(); // it ended (failed) and undid itself then
            }
            if (o.has("step")) {
                lastStep = o.path("step").asText();
            }
            if (o.path("event").asText().equals(UNDO_REGISTERED)) {
                undos.add(o);
            }
            if (o.path("event").asText().equals(COMMITTED)) {
                undos.clear();
            }
        }
        return Optional.of(new Interrupted(name, lastStep, undos, start));
    }

    /**
     * Undoes an interrupted runbook (newest step first) and journals it; returns the report, or
     * empty when the journal ends cleanly.
     */
    public static Optional<String> undoInterrupted(PairContext ctx) {
        Optional<Interrupted> found = find(ctx.journal());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Interrupted in = found.get();
        StringBuilder report = new StringBuilder("the runbook '" + in.runbook() + "' was interrupted at step '"
                + in.lastStep() + "' (its process died); ");
        if (in.undos().isEmpty()) {
            report.append("none of its done steps has an undo: nothing to take back");
            if (in.runbook().startsWith("protect")) {
                report.append("; run protect again to finish it (it skips what is done)");
            }
        }
        for (int i = in.undos().size() - 1; i >= 0; i--) {
            ObjectNode u = in.undos().get(i);
            Slot slot = slotOf(u.path("node").asText());
            String what = u.path("detail").asText();
            String answer;
            boolean ok;
            try {
                JsonNode call = JSON.readTree(what);
                if (call.path("stop-qemu").asBoolean()) {
                    answer = Runbooks.stopQemu(ctx, slot);
                } else if (call.path("leave-migration").asBoolean()) {
                    answer = Actions.leaveMigration().run(ctx, slot);
                } else {
                    JsonNode args = call.get("arguments");
                    answer = String.valueOf(ctx.qmp(slot).call(call.path("execute").asText(), args, Duration.ofSeconds(30)));
                }
                ok = true;
            } catch (QmpCommandException e) {
                ok = NOTHING_TO_UNDO.stream().anyMatch(t -> String.valueOf(e.getMessage()).contains(t));
                answer = (ok ? "nothing to undo: " : "") + e.getMessage();
            } catch (Exception e) {
                ok = false;
                answer = String.valueOf(e.getMessage());
            }
            ctx.journal().record(in.runbook(), u.path("step").asText(), slot, ok ? "undone" : "undo-failed", what + ": " + answer);
            report.append(ok ? "undone" : "UNDO FAILED").append(" on the ").append(slot.label()).append(": ").append(what)
                    .append(ok ? "" : " (" + answer + ")").append("; ");
        }
        String text = report.toString().strip();
        ctx.journal().record(in.runbook(), null, null, "recovered", text);
        return Optional.of(text);
    }

    private static Slot slotOf(String label) {
        for (Slot s : Slot.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalStateException("the journal names an unknown node '" + label + "'");
    }
}
