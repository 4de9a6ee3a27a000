package org.coloconsole.engine.control;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.coloconsole.engine.cluster.DrillSpec;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.drill.DataChecks;
import org.coloconsole.engine.drill.DrillFiles;
import org.coloconsole.engine.model.ColoMode;
import org.coloconsole.engine.model.DrillReport;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.model.ProbeSample;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.model.StepInfo;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.Recovery;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.runbook.Runbooks;

/**
 * A failover drill on one pair: proof, on demand, that it fails over as promised. Under the pair's
 * lock for the whole drill (no console or coloctl acts meanwhile), in phases, each with a deadline:
 * preflight (Protected, both nodes answer, the probe's baseline, the data check's writes), the fault
 * (the victim's QEMU killed by its verified pid), the failover (the engine's runbook), the data
 * check and the client's gap, the resume, and Protected again. The report (JSON and HTML) goes
 * beside the journal, and the journal records the drill's start and end.
 *
 * <p>A drill never leaves the pair half-done silently: a phase that fails ends the drill, the
 * runbook that failed undid itself, and the report says the pair's state as the drill left it.
 */
final class FailoverDrill {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FailoverDrill.class);
    static final Duration PREFLIGHT = Duration.ofSeconds(60);
    static final Duration BASELINE = Duration.ofSeconds(3);
    static final Duration FAULT = Duration.ofSeconds(20);
    static final Duration DETECT = Duration.ofSeconds(15);
    static final Duration FAILOVER = Duration.ofSeconds(60);
    static final Duration DATA = Duration.ofSeconds(90);

    private final PairController c;
    private final Slot victim;
    private final String operator;
    private final Consumer<String> progress;
    private final boolean failback;
    private final DrillSpec spec;
    private final long t0 = System.nanoTime();
    private final Instant started = Instant.now();
    private final String id;
    private final List<DrillReport.Phase> phases = new ArrayList<>();
    private final List<DrillReport.Step> steps = new CopyOnWriteArrayList<>();
    private final List<DrillReport.Point> probe = new CopyOnWriteArrayList<>();
    private final List<DrillReport.Point> checkpoints = new CopyOnWriteArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private String phase = "preflight";

    FailoverDrill(PairController c, Slot victim, String operator, boolean failback, Consumer<String> progress) {
        this.c = c;
        this.victim = victim;
        this.failback = failback;
        this.operator = operator;
        this.progress = progress;
        this.spec = c.pair().drill();
        this.id = "drill-" + c.pair().name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(started);
    }

    DrillReport run() {
        Consumer<ProbeSample> onSample = this::sample;
        Consumer<org.coloconsole.engine.model.CheckpointRecord> onCheckpoint = cp -> checkpoints.add(
                new DrillReport.Point(ms(cp.start()), cp.pauseMs()));
        c.addProbeListener(onSample);
        c.addCheckpointListener(onCheckpoint);
        try {
            return drill();
        } finally {
            c.removeProbeListener(onSample);
            c.removeCheckpointListener(onCheckpoint);
        }
    }

    private DrillReport drill() {
        String killedRole = "?";
        long detectMs = -1;
        long failoverMs = -1;
        long toProtectedMs = -1;
        long killAt = -1;
        long before = c.checkpointCount();
        DrillReport.DataCheck data = new DrillReport.DataCheck("none", true, "no data check configured (profile key drill)");
        DataChecks.Before written = null;
        say("drill " + id + " on pair " + c.pair().name() + ": the " + victim.label() + "'s QEMU will be killed");
        c.journal().record("failover-drill", null, victim, "drill-started", id + " by " + operator);
        PairLock lock = null;
        boolean ok = false;
        try {
            // ---- preflight ----
            long p0 = now();
            PairState st = c.pollNow();
            if (st.health() != PairState.Health.PROTECTED) {
                throw new DrillFailed("the pair is " + st.health().label() + " (" + st.reason() + "): a drill starts only "
                        + "from Protected");
            }
            if (c.running().isPresent()) {
                throw new DrillFailed("the runbook '" + c.running().get() + "' is running");
            }
            lock = PairLock.acquire(c.pair(), c.context(), List.of(Slot.PRIMARY_NODE, Slot.SECONDARY_NODE), "failover drill " + id);
            Recovery.undoInterrupted(c.context()).ifPresent(r -> say("recovered first: " + r));
            for (Slot s : Slot.values()) {
                if (!c.observation(s).reachable()) {
                    throw new DrillFailed("the " + s.label() + " does not answer on QMP: " + c.observation(s).error());
                }
            }
            killedRole = victim == c.primaryNow() ? "primary" : "secondary";
            Slot primaryBefore = c.primaryNow();
            if (c.probe().isPresent()) {
                sleep(BASELINE);
                if (probe.stream().noneMatch(p -> p.valueMs() >= 0)) {
                    throw new DrillFailed("the service probe got no answer in " + BASELINE.toSeconds() + " s ("
                            + c.pair().probe() + "): the drill would measure nothing");
                }
                say("probe baseline: " + probe.size() + " answers, median " + median() + " ms");
            } else {
                say("no service probe in the profile: the client's gap is not measured");
            }
            if (spec.durableWritesPort() > 0) {
                written = DataChecks.writeBefore(guestHost(), c.pair().probe().address(), spec.durableWritesPort(), id, 20);
                step("preflight", "durable-writes", "guest", "W SEQ " + id + "-SEQ (20 writes, each awaiting OK)",
                        written.summary(), true);
            }
            phase("preflight", p0, PREFLIGHT, true, "Protected; both nodes answer; the lock held");

            Cycle first = cycle("", victim, written);
            killAt = first.killAt();
            detectMs = first.detectMs();
            failoverMs = first.failoverMs();
            toProtectedMs = first.toProtectedMs();
            data = first.data();
            if (failback && c.primaryNow() == primaryBefore) {
                say("failback: the roles did not change (the secondary was killed): nothing to fail back");
            } else if (failback) {
                // Back to the original roles: the same drill on the node that is primary now.
                phase = "failback: preflight";
                DataChecks.Before again = null;
                if (spec.durableWritesPort() > 0) {
                    again = DataChecks.writeBefore(guestHost(), c.pair().probe().address(), spec.durableWritesPort(), id + "-back", 20);
                    step(phase, "durable-writes", "guest", "W SEQ " + id + "-back-SEQ (20 writes, each awaiting OK)",
                            again.summary(), true);
                }
                Cycle back = cycle("failback: ", c.primaryNow(), again);
                // The report holds each measure's worse value of the two failovers.
                detectMs = Math.max(detectMs, back.detectMs());
                failoverMs = Math.max(failoverMs, back.failoverMs());
                toProtectedMs = Math.max(toProtectedMs, back.toProtectedMs());
                if (!"none".equals(data.kind())) {
                    data = new DrillReport.DataCheck(data.kind(), data.passed() && back.data().passed(), data.detail()
                            + "; failback: " + back.data().detail());
                }
            }
            ok = true;
        } catch (DrillFailed | PairBusyException e) {
            reasons.add(0, "the drill failed in its " + phase + " phase: " + e.getMessage());
            phase(phase, now(), Duration.ZERO, false, e.getMessage());
            LOG.warn("drill {} failed in {}: {}", id, phase, e.getMessage());
        } catch (RuntimeException e) {
            reasons.add(0, "the drill failed in its " + phase + " phase: " + e);
            phase(phase, now(), Duration.ZERO, false, String.valueOf(e.getMessage()));
            LOG.warn("drill {} failed in {}", id, phase, e);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
        long gap = gapAround(killAt);
        if (ok && gap >= 0 && gap > spec.maxClientGapMs()) {
            reasons.add("the client's gap " + gap + " ms is over the objective " + spec.maxClientGapMs() + " ms");
        }
        if (ok && toProtectedMs > spec.maxToProtectedMs()) {
            reasons.add("Protected again after " + toProtectedMs + " ms, over the objective " + spec.maxToProtectedMs() + " ms");
        }
        DrillReport.Verdict verdict = !ok ? DrillReport.Verdict.FAILED : reasons.isEmpty() ? DrillReport.Verdict.PASSED
                : DrillReport.Verdict.MISSED;
        PairState end = c.pollNow();
        DrillReport report = new DrillReport(id, c.pair().name(), qemuVersion(), version(), operator, hostName(),
                started.toString(), Instant.now().toString(), victim.label(), killedRole, phases, steps, probe, checkpoints,
                gap, detectMs, failoverMs, toProtectedMs, before, c.checkpointCount(), data,
                new DrillReport.Objectives(spec.maxClientGapMs(), spec.maxToProtectedMs()), verdict, reasons,
                end.health().label() + ": " + end.reason());
        var files = DrillFiles.write(report, c.drillDir());
        c.journal().record("failover-drill", null, victim, "drill-finished", verdict + " " + files.json());
        say("drill " + verdict + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)) + " (report " + files.html() + ")");
        return report;
    }

    /** What one fault → failover → data check → resume cycle measured. */
    private record Cycle(long killAt, long detectMs, long failoverMs, long toProtectedMs, DrillReport.DataCheck data) {
    }

    /** One cycle on {@code target}: its QEMU killed, the failover, the data checked, resumed to Protected. */
    private Cycle cycle(String prefix, Slot target, DataChecks.Before written) {
        String role = target == c.primaryNow() ? "primary" : "secondary";
        // ---- fault ----
        phase = prefix + "fault";
        long f0 = now();
        Runbook crash = Runbooks.crash(c.pair(), target);
        RunResult killed = runbook(crash);
        long killAt = now();
        if (!killed.ok()) {
            throw new DrillFailed("the kill failed: " + killed.summary());
        }
        phase(prefix + "fault", f0, FAULT, true, "the " + target.label() + "'s QEMU killed (" + role + ")");

        // ---- failover ----
        phase = prefix + "failover";
        long d0 = now();
        Slot survivor = target.other();
        long detectMs = awaitGone(target, DETECT) - killAt;
        say("the engine saw the " + target.label() + " gone after " + detectMs + " ms");
        ColoMode mode = c.observation(survivor).coloMode();
        if (!c.observation(survivor).reachable() || mode == null || mode == ColoMode.NONE) {
            throw new DrillFailed("the survivor (" + survivor.label() + ") is not in COLO: " + c.observation(survivor));
        }
        long fo = now();
        RunResult failover = runbook(Runbooks.failover(c.pair(), survivor, mode.role()));
        long failoverMs = now() - fo;
        if (!failover.ok()) {
            throw new DrillFailed("the failover failed: " + failover.summary());
        }
        phase(prefix + "failover", d0, FAILOVER, true, "the " + survivor.label() + " runs alone (" + failover.summary() + ")");

        // ---- data and the client's view ----
        phase = prefix + "data check";
        long dc0 = now();
        if (c.probe().isPresent()) {
            awaitProbeAnswerAfter(killAt, DATA);
        }
        DrillReport.DataCheck data = checkData(written);
        phase(prefix + "data check", dc0, DATA, data.passed(), data.detail());
        if (!data.passed()) {
            reasons.add("data check failed: " + data.detail());
        }

        // ---- resume to Protected ----
        phase = prefix + "resume";
        long r0 = now();
        Duration left = Duration.ofMillis(Math.max(1, spec.maxToProtectedMs() - (now() - killAt)))
                .plus(Duration.ofMinutes(5)); // a miss is measured, not cut short
        c.pollNow();
        var resume = c.resumePlan().orElseThrow(() -> new DrillFailed("no node runs alone to resume from"));
        RunResult resumed = runbook(PairController.runbookOf(resume));
        if (!resumed.ok()) {
            throw new DrillFailed("the resume failed: " + resumed.summary());
        }
        long toProtectedMs = awaitProtected(left) - killAt;
        phase(prefix + "resume", r0, left, true, "Protected again " + toProtectedMs + " ms after the kill");
        return new Cycle(killAt, detectMs, failoverMs, toProtectedMs, data);
    }

    /** The pair's own data check: the durable writes read back from the survivor, and the profile's command. */
    private DrillReport.DataCheck checkData(DataChecks.Before written) {
        List<String> kinds = new ArrayList<>();
        List<String> details = new ArrayList<>();
        boolean passed = true;
        if (written != null) {
            DataChecks.Result r = DataChecks.readBack(guestHost(), c.pair().probe().address(), spec.durableWritesPort(), written);
            step("data check", "durable-readback", "guest", "R SEQ for each acknowledged write; B (boot marker)", r.detail(), r.passed());
            kinds.add("durable writes");
            details.add(r.detail());
            passed &= r.passed();
        }
        if (!spec.check().isEmpty()) {
            DataChecks.Result r = DataChecks.command(guestHost(), spec.check(), c.pair().probe() == null ? ""
                    : c.pair().probe().address());
            step("data check", "check-command", "probe host", String.join(" ", spec.check()), r.detail(), r.passed());
            kinds.add("command");
            details.add(r.detail());
            passed &= r.passed();
        }
        if (kinds.isEmpty()) {
            return new DrillReport.DataCheck("none", true, "no data check configured (profile key drill: durableWritesPort or check)");
        }
        return new DrillReport.DataCheck(String.join(" + ", kinds), passed, String.join("; ", details));
    }

    /** Where the data check runs: the probe's host (the guest as its clients reach it). */
    private org.coloconsole.engine.remote.Host guestHost() {
        if (c.pair().probe() == null) {
            throw new DrillFailed("a data check needs the profile's probe (the guest's address and the host to reach it from)");
        }
        var h = c.probeHost(c.pair().probe().from());
        if (h == null) {
            throw new DrillFailed("this controller cannot reach the probe's host " + c.pair().probe().from());
        }
        return h;
    }

    private RunResult runbook(Runbook rb) {
        say(rb.name() + ": " + rb.steps().size() + " steps");
        return Executor.run(rb, c.context(), new RunListener() {
            @Override
            public void answered(StepInfo s, String answer) {
                step(phase, s.id(), s.slot().label(), s.sends(), answer, true);
                say("  " + s.id() + " on the " + s.slot().label() + ": " + answer);
            }

            @Override
            public void stepFailed(StepInfo s, String error) {
                step(phase, s.id(), s.slot().label(), s.sends(), error, false);
                say("  " + s.id() + " FAILED: " + error);
            }
        });
    }

    /** Until the victim's QMP no longer answers (it was killed: this is the engine noticing). Returns when. */
    private long awaitGone(Slot target, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            c.pollNow();
            if (!c.observation(target).reachable()) {
                return now();
            }
            sleep(Duration.ofMillis(50));
        }
        throw new DrillFailed("the " + target.label() + " still answers " + within.toSeconds() + " s after its kill");
    }

    private long awaitProtected(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (c.pollNow().health() == PairState.Health.PROTECTED) {
                return now();
            }
            sleep(Duration.ofMillis(500));
        }
        throw new DrillFailed("not Protected " + within.toSeconds() + " s after the resume: " + c.state().reason());
    }

    private void awaitProbeAnswerAfter(long atMs, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.stream().anyMatch(p -> p.atMs() > atMs && p.valueMs() >= 0)) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        reasons.add("clients got no answer within " + within.toSeconds() + " s of the kill");
    }

    /**
     * The longest silence the probe saw around the kill: from the last answer before it to the
     * first after it. -1 without a probe; the whole rest of the drill when no answer came back.
     */
    private long gapAround(long killAtMs) {
        if (c.probe().isEmpty() || killAtMs < 0) {
            return -1;
        }
        long last = -1;
        long gap = 0;
        for (DrillReport.Point p : probe) {
            if (p.valueMs() < 0) {
                continue;
            }
            if (last >= 0 && p.atMs() >= killAtMs - 5_000) {
                gap = Math.max(gap, p.atMs() - last);
            }
            last = p.atMs();
        }
        if (last < killAtMs) {
            gap = Math.max(gap, now() - Math.max(0, last));
        }
        return gap;
    }

    private void sample(ProbeSample s) {
        probe.add(new DrillReport.Point(ms(s.at()), s.ok() ? s.latencyMs() : -1));
    }

    private long median() {
        List<Double> v = probe.stream().map(DrillReport.Point::valueMs).filter(x -> x >= 0).sorted().toList();
        return v.isEmpty() ? -1 : Math.round(v.get(v.size() / 2));
    }

    private void phase(String name, long startMs, Duration deadline, boolean ok, String note) {
        phases.add(new DrillReport.Phase(name, startMs, now(), deadline.toMillis(), ok, note));
        say((ok ? "phase " : "phase FAILED: ") + name + ": " + note);
        c.journal().record("failover-drill", null, null, ok ? "drill-phase" : "drill-phase-failed", name + ": " + note);
        if (ok && deadline.toMillis() > 0 && now() - startMs > deadline.toMillis()) {
            reasons.add("the " + name + " phase took " + (now() - startMs) + " ms, over its deadline " + deadline.toMillis() + " ms");
        }
    }

    private void step(String phaseName, String stepId, String node, String command, String answer, boolean okStep) {
        steps.add(new DrillReport.Step(phaseName, stepId, node, command, answer, now(), okStep));
    }

    private void say(String line) {
        LOG.info("{}: {}", id, line);
        progress.accept(line);
    }

    private long now() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private long ms(Instant at) {
        return Duration.between(started, at).toMillis();
    }

    private String qemuVersion() {
        for (Slot s : Slot.values()) {
            String v = c.observation(s).qemuVersion();
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "unknown";
    }

    static String version() {
        String v = FailoverDrill.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void sleep(Duration d) {
        java.util.concurrent.locks.LockSupport.parkNanos(d.toNanos());
    }

    /** A phase that cannot go on: the drill ends, and says so. */
    static final class DrillFailed extends RuntimeException {
        DrillFailed(String message) {
            super(message);
        }
    }
}
