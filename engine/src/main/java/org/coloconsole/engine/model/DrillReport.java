package org.coloconsole.engine.model;

import java.util.List;

/**
 * What a failover drill did and found: the record an auditor reads (its JSON beside the journal,
 * rendered as a self-contained HTML page). Times are milliseconds from the drill's start unless
 * named otherwise.
 *
 * @param id              the drill's name: {@code drill-PAIR-YYYYMMDD-HHMMSS}
 * @param victim          the node whose QEMU was killed ("primary node" or "secondary node")
 * @param killedRole      its role then (primary or secondary)
 * @param steps           every step of every phase, with its command and answer
 * @param probe           the service probe's answers over the drill: time and latency
 * @param checkpoints     checkpoints over the drill: time and pause
 * @param clientGapMs     the longest silence the probe saw, -1 when no probe ran
 * @param detectMs        from the kill to the engine seeing the victim gone
 * @param failoverMs      the failover runbook's duration
 * @param toProtectedMs   from the kill to Protected again, -1 when it never was
 * @param checkpointsBefore checkpoints counted before the kill
 * @param checkpointsAfter  checkpoints counted when the drill ended
 * @param dataCheck       the data check's verdict and what it saw
 * @param objectives      what the pair is held to
 * @param verdict         PASSED, MISSED (an objective) or FAILED (the drill could not finish)
 * @param reasons         why, one line each (empty when passed)
 * @param finalState      the pair's state when the drill ended
 */
public record DrillReport(String id, String pair, String qemuVersion, String consoleVersion, String operator, String host,
                          String startedAt, String finishedAt, String victim, String killedRole,
                          List<Phase> phases, List<Step> steps, List<Point> probe, List<Point> checkpoints,
                          long clientGapMs, long detectMs, long failoverMs, long toProtectedMs,
                          long checkpointsBefore, long checkpointsAfter, DataCheck dataCheck,
                          Objectives objectives, Verdict verdict, List<String> reasons, String finalState) {
    public enum Verdict { PASSED, MISSED, FAILED }

    public DrillReport {
        phases = List.copyOf(phases);
        steps = List.copyOf(steps);
        probe = List.copyOf(probe);
        checkpoints = List.copyOf(checkpoints);
        reasons = List.copyOf(reasons);
    }

    /** A phase of the drill (preflight, fault, failover, data check, resume, protected) and its deadline. */
    public record Phase(String name, long startMs, long endMs, long deadlineMs, boolean ok, String note) {
    }

    /** One step: the phase it belongs to, the node, what was sent and what came back. */
    public record Step(String phase, String id, String node, String command, String answer, long atMs, boolean ok) {
    }

    /** A sample on the drill's time axis: the probe's latency, or a checkpoint's pause. */
    public record Point(long atMs, double valueMs) {
    }

    /** The data check: which one ran, whether it passed, what it saw. */
    public record DataCheck(String kind, boolean passed, String detail) {
    }

    /** The pair's objectives (profile key drill). */
    public record Objectives(long maxClientGapMs, long maxToProtectedMs) {
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }
}
