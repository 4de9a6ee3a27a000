package org.coloconsole.engine.runbook;

import java.util.List;
import org.coloconsole.engine.model.StepInfo;

import org.coloconsole.engine.model.RunResult;

import org.coloconsole.engine.model.RunListener;

import org.coloconsole.engine.cluster.Slot;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.coloconsole.engine.qmp.QmpException;
import org.coloconsole.engine.remote.HostException;

/**
 * Runs a runbook: each step's action, then its check; everything into the journal; stops at the
 * first failure and reports the step, what was sent, the answer and the pair's observed state.
 */
public final class Executor {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Executor.class);

    /** Step work runs here so a step that overruns its bound can be abandoned (daemon threads). */
    private static final java.util.concurrent.ExecutorService STEPS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runbook-step");
        t.setDaemon(true);
        return t;
    });

    private Executor() {
    }

    public static RunResult run(Runbook runbook, PairContext ctx, RunListener listener) {
        long t0 = System.nanoTime();
        Journal j = ctx.journal();
        j.record(runbook.name(), null, null, "runbook-started", runbook.steps().size() + " steps");
        int done = 0;
        java.util.ArrayDeque<Step> toUndo = new java.util.ArrayDeque<>();
        List<StepInfo> infos = runbook.stepInfos();
        for (Step step : runbook.steps()) {
            StepInfo info = infos.get(done);
            listener.stepStarted(done, runbook.steps().size(), info);
            try {
                if (step.undo() != null) {
                    // Written ahead, before the step acts: a process that dies while the step runs
                    // (its effect made, its answer never journaled) is still undone on restart. Undos
                    // tolerate finding nothing to take back.
                    toUndo.push(step);
                    if (step.undo().replayable() != null) {
                        j.record(runbook.name(), step.id(), step.slot(), Recovery.UNDO_REGISTERED, step.undo().replayable());
                    }
                }
                runStep(runbook, ctx, listener, step, info);
                if (step.commits() && !toUndo.isEmpty()) {
                    toUndo.clear();
                    j.record(runbook.name(), step.id(), step.slot(), Recovery.COMMITTED, "a later failure keeps what was "
                            + "built: " + step.title());
                }
            } catch (StepFailedException | QmpException | HostException | IllegalStateException e) {
                String error = e.getMessage();
                log.warn("runbook {} of pair {}: step {} ({}) failed on the {}: {}", runbook.name(), runbook.pairName(),
                        step.id(), step.title(), step.slot().label(), error);
                listener.stepFailed(info, error);
                j.record(runbook.name(), step.id(), step.slot(), "step-failed", error);
                String undone = undo(runbook, ctx, listener, toUndo, infos);
                String observed = undone + observe(ctx);
                j.record(runbook.name(), step.id(), null, "observed-state", observed);
                RunResult r = new RunResult(runbook.name(), false, done, info, error, observed,
                        Duration.ofNanos(System.nanoTime() - t0));
                listener.finished(r);
                return r;
            }
            done++;
        }
        RunResult r = new RunResult(runbook.name(), true, done, null, null, null, Duration.ofNanos(System.nanoTime() - t0));
        j.record(runbook.name(), null, null, "runbook-finished", r.summary());
        listener.finished(r);
        return r;
    }

    private static void runStep(Runbook runbook, PairContext ctx, RunListener listener, Step step, StepInfo info) {
        Journal j = ctx.journal();
        if (step.done() != null) {
            String already = alreadyDone(step, ctx);
            if (already != null) {
                j.record(runbook.name(), step.id(), step.slot(), "skipped", already);
                listener.skipped(info, already);
                return;
            }
        }
        ctx.progressTo((text, fraction) -> listener.progress(info, text, fraction));
        String sent = info.sends();
        j.record(runbook.name(), step.id(), step.slot(), "sent", sent);
        listener.sent(info, sent);
        String answer = bounded(step, () -> step.action().run(ctx, step.slot()));
        j.record(runbook.name(), step.id(), step.slot(), "answer", answer);
        listener.answered(info, answer);
        if (step.check() != null) {
            String seen = bounded(step, () -> step.check().verify(ctx, step.slot()));
            j.record(runbook.name(), step.id(), step.slot(), "check-passed", step.check().describe() + ": " + seen);
            listener.checked(info, seen);
        }
    }

    private static String alreadyDone(Step step, PairContext ctx) {
        try {
            return bounded(step, () -> step.done().already(ctx, step.slot()));
        } catch (RuntimeException e) {
            log.info("step {}: could not tell whether it is already done ({}); doing it, its own check decides",
                    step.id(), e.toString());
            return null;
        }
    }

    /** Undoes the done steps that have an undo, newest first; says what it did (journaled too). */
    private static String undo(Runbook runbook, PairContext ctx, RunListener listener, java.util.Deque<Step> done,
                               List<StepInfo> infos) {
        StringBuilder b = new StringBuilder();
        for (Step s : done) {
            String answer;
            boolean ok;
            try {
                answer = bounded(s, () -> s.undo().run(ctx, s.slot()));
                ok = true;
            } catch (RuntimeException e) {
                answer = String.valueOf(e.getMessage());
                ok = false;
            }
            ctx.journal().record(runbook.name(), s.id(), s.slot(), ok ? "undone" : "undo-failed", s.undo().describe() + ": "
                    + answer);
            if (!ok) {
                log.error("runbook {}: undo of step {} on the {} failed: {}", runbook.name(), s.id(), s.slot().label(), answer);
            }
            listener.undone(infos.get(runbook.steps().indexOf(s)), ok, answer);
            b.append(ok ? "undone" : "UNDO FAILED").append(" on the ").append(s.slot().label()).append(": ")
                    .append(s.undo().describe()).append(ok ? "" : " (" + answer + ")").append("; ");
        }
        return b.toString();
    }

    /** Runs part of a step within its time bound (actions and checks also bound their own waits). */
    private static String bounded(Step step, java.util.function.Supplier<String> work) {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(work, STEPS);
        try {
            return f.get(step.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new StepFailedException("step '" + step.title() + "' did not finish within " + step.timeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new StepFailedException(String.valueOf(c), c);
        }
    }

    /** Best-effort snapshot of both nodes after a failure. */
    static String observe(PairContext ctx) {
        StringBuilder b = new StringBuilder();
        for (Slot s : Slot.values()) {
            b.append(s.label()).append(": ");
            try {
                var q = ctx.qmp(s);
                b.append("runstate ").append(q.call("query-status", null, Duration.ofSeconds(3)).path("status").asText())
                        .append(", colo ").append(q.call("query-colo-status", null, Duration.ofSeconds(3)));
            } catch (RuntimeException e) {
                b.append("not reachable over QMP (").append(e.getMessage()).append(')');
            }
            b.append("; ");
        }
        return b.toString();
    }
}
