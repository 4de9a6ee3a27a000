package org.coloconsole.engine.runbook;

import org.coloconsole.engine.model.ColoMode;
import org.coloconsole.engine.qemu.ColoStep;

import org.coloconsole.engine.cluster.Slot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.qemu.ColoQmp;
import org.coloconsole.engine.qemu.QemuCommandLine;
import org.coloconsole.engine.qemu.QmpCall;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;

/**
 * The runbooks of COLO-FT.txt: what an operator would type, step by step, each step checked
 * against the node's real state. Steps are data: the GUI shows them, the CLI prints them.
 */
public final class Runbooks {
    private static final Duration QUICK = Duration.ofSeconds(30);
    /** A QEMU just started, on a loaded host, may take a while to accept its first QMP client. */
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Errors of QEMU that mean the survivor already left COLO (it may after a crash). */
    private static final Duration LONG = Duration.ofMinutes(3);
    private static final String[] ALREADY_OUT_OF_COLO = {"not in COLO", "already"};
    /** An undo that finds nothing to remove (or the VM already running) has nothing to do. */
    private static final String[] NOTHING_TO_UNDO = Recovery.NOTHING_TO_UNDO.toArray(new String[0]);

    private Runbooks() {
    }

    /** Startup: images, both QEMUs, the secondary's NBD export, the primary's replication, migrate, COLO. */
    public static Runbook protect(PairSpec pair) {
        NodeSpec p = pair.primary();
        NodeSpec s = pair.secondary();
        Slot P = Slot.PRIMARY_NODE;
        Slot S = Slot.SECONDARY_NODE;
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("workdir-primary", "create the work dir", P, Actions.shell(List.of("mkdir", "-p", p.workDir())),
                null, QUICK));
        steps.add(new Step("workdir-secondary", "create the work dir", S, Actions.shell(List.of("mkdir", "-p", s.workDir())),
                null, QUICK));
        steps.add(new Step("image-primary", "the disk image is there", P, imagePresent(p.image()), null, QUICK));
        steps.add(new Step("image-secondary", "the disk image (the primary's copy) is there", S, imagePresent(s.image()),
                null, QUICK));
        steps.add(new Step("active-hidden", "create the active and hidden images, the disk's size", S,
                Actions.custom("qemu-img create -q -f qcow2 " + s.activeImage() + " <virtual size of " + s.image() + ">; "
                        + "qemu-img create -q -f qcow2 " + s.hiddenImage() + " <same size>", Runbooks::createActiveHidden),
                Checks.fileExists(s.hiddenImage()), QUICK).skippingWhen(Runbooks::qemuRuns));
        // Paused (-S), as the seed starts it: the guest must not write its disk before replication is
        // attached, or the secondary's copy silently diverges (COLO-FACTS §7). It boots under COLO.
        steps.add(new Step("start-primary", "start QEMU as primary, paused (it waits for the secondary's proxy link)", P,
                Actions.startQemu(QemuCommandLine.initialPrimary(pair, true)), processAlive(), QUICK)
                .skippingWhen(Runbooks::qemuRuns));
        steps.add(new Step("start-secondary", "start QEMU as secondary, waiting for the incoming migration", S,
                Actions.startQemu(QemuCommandLine.initialSecondary(pair)), Checks.runstate(STARTUP, "inmigrate"), STARTUP)
                .skippingWhen(Runbooks::qemuRuns));
        steps.add(new Step("primary-up", "the primary answers on QMP and its guest has not run", P,
                Actions.qmpWhenReady(new QmpCall("query-status", null), QUICK), notRunYet(), QUICK.plus(QUICK))
                .skippingWhen(Runbooks::inColo));
        // A protect that fails is taken down by teardown, not undone step by step; a re-run skips
        // what is done (the whole pair in COLO, or a step's own probe).
        for (ColoStep c : ColoQmp.prepareSecondary(s)) {
            steps.add(step(c, "secondary-", S, LONG, false, true));
        }
        for (ColoStep c : ColoQmp.startPrimary(s, pair.checkpointDelayMs())) {
            steps.add(step(c, "primary-", P, LONG, false, true));
        }
        steps.add(qmpStep("secondary-colo", "the secondary is in COLO", S, new QmpCall("query-colo-status", null),
                Checks.coloMode(ColoMode.SECONDARY, null, QUICK)));
        Duration checkpointWait = Duration.ofMillis(3L * pair.checkpointDelayMs()).plusSeconds(30);
        steps.add(new Step("primary-colo", "the primary is in COLO and checkpoints flow", P,
                Actions.qmp(new QmpCall("query-colo-status", null)),
                both(Checks.coloMode(ColoMode.PRIMARY, null, QUICK), Checks.checkpoints(2, checkpointWait)),
                checkpointWait.plus(QUICK)));
        return new Runbook("protect", pair, steps);
    }

    /** The primary died: the secondary takes over (accepting that it may already run, or be paused in COLO). */
    public static Runbook failoverToSecondary(PairSpec pair) {
        return failover(pair, Slot.SECONDARY_NODE, org.coloconsole.engine.model.Role.SECONDARY);
    }

    /** The secondary died: the primary goes on alone. */
    public static Runbook failoverToPrimary(PairSpec pair) {
        return failover(pair, Slot.PRIMARY_NODE, org.coloconsole.engine.model.Role.PRIMARY);
    }

    /**
     * The peer of {@code survivor} died; the survivor, now in {@code survivorRole} (roles swap after
     * a resume), takes over.
     */
    public static Runbook failover(PairSpec pair, Slot survivor, org.coloconsole.engine.model.Role survivorRole) {
        boolean secondary = survivorRole == org.coloconsole.engine.model.Role.SECONDARY;
        List<ColoStep> calls = secondary ? ColoQmp.failoverSecondary(survivor.of(pair)) : ColoQmp.failoverPrimary();
        ColoMode lastMode = secondary ? ColoMode.SECONDARY : ColoMode.PRIMARY;
        List<Step> steps = new ArrayList<>();
        steps.add(qmpStep("survivor-answers", "the survivor answers on QMP", survivor, new QmpCall("query-status", null),
                Checks.runstate(Duration.ofSeconds(10), "running", "colo", "paused")));
        steps.add(new Step("yank-peer", "cut every connection to the dead peer (yank, out of band)", survivor,
                Actions.custom("exec-oob query-yank; exec-oob yank {instances: the migration stream, the NBD client, "
                        + "the peer's proxy chardevs}", Runbooks::yankPeer), null, QUICK));
        for (ColoStep c : calls) {
            steps.add(step(c, "", survivor, QUICK, false, false));
        }
        steps.add(new Step("survivor-runs", "the survivor runs alone", survivor, Actions.qmp(new QmpCall("query-status", null)),
                both(Checks.runstate(Duration.ofSeconds(10), "running"), Checks.coloMode(ColoMode.NONE, lastMode, Duration.ofSeconds(10))),
                QUICK));
        return new Runbook(secondary ? "failover-to-secondary" : "failover-to-primary", pair, steps);
    }

    /**
     * Yanks the survivor's connections to its dead peer, out of band so it works even while the
     * COLO thread or an in-band command is stuck on a socket whose packets are dropped (then TCP
     * would wait minutes to give up). Never fails the failover: without out-of-band support, or
     * with nothing to yank, it says so and the next steps go on.
     */
    private static String yankPeer(PairContext ctx, Slot slot) {
        var q = ctx.qmp(slot);
        if (!q.oobEnabled()) {
            return "not yanked: the monitor offers no out-of-band execution";
        }
        try {
            var all = q.executeOob("query-yank", null, Duration.ofSeconds(5)).get(6, java.util.concurrent.TimeUnit.SECONDS);
            var instances = org.coloconsole.engine.qemu.ColoQmp.peerYankInstances(all);
            if (instances.isEmpty()) {
                return "nothing to yank (" + all + ")";
            }
            var args = org.coloconsole.engine.qmp.QmpClient.args();
            args.set("instances", instances);
            q.executeOob("yank", args, Duration.ofSeconds(5)).get(6, java.util.concurrent.TimeUnit.SECONDS);
            return "yanked " + instances;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "not yanked: " + (e.getCause() != null ? e.getCause().getMessage() : e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not yanked: interrupted";
        }
    }

    /**
     * Resume replication: a fresh secondary on the other node, the whole disk mirrored to it
     * (with progress), then replication, the proxy and COLO re-armed on the node that is primary
     * now. {@code primaryNow} is the survivor of the last failover; {@code wasSecondary} is true
     * when it used to be the secondary (its filter-rewriter is still there).
     */
    public static Runbook resume(PairSpec pair, Slot primaryNow, boolean wasSecondary) {
        Slot newSec = primaryNow.other();
        NodeSpec ns = newSec.of(pair);
        NodeSpec np = primaryNow.of(pair);
        List<Step> steps = new ArrayList<>();
        steps.add(qmpStep("primary-runs", "the primary runs alone", primaryNow, new QmpCall("query-colo-status", null),
                Checks.coloMode(ColoMode.NONE, null, QUICK)));
        steps.add(new Step("workdir-new-secondary", "create the work dir", newSec,
                Actions.shell(List.of("mkdir", "-p", ns.workDir())), null, QUICK));
        steps.add(new Step("image-new-secondary", "the disk image is there (it is overwritten by the resync)", newSec,
                imagePresent(ns.image()), null, QUICK));
        steps.add(new Step("active-hidden-new", "create fresh active and hidden images", newSec,
                Actions.custom("qemu-img create -q -f qcow2 " + ns.activeImage() + " <virtual size of " + ns.image() + ">; "
                        + "qemu-img create -q -f qcow2 " + ns.hiddenImage() + " <same size>", Runbooks::createActiveHidden),
                Checks.fileExists(ns.hiddenImage()), QUICK));
        steps.add(new Step("start-new-secondary", "start QEMU as the new secondary", newSec,
                Actions.startQemu(QemuCommandLine.build(pair, ns, org.coloconsole.engine.model.Role.SECONDARY, np, false)),
                Checks.runstate(STARTUP, "inmigrate"), STARTUP).undoneBy(Actions.stopQemu()));
        for (ColoStep c : ColoQmp.prepareSecondary(ns)) {
            steps.add(step(c, "new-secondary-", newSec, LONG, false, false));
        }
        QmpCall mirror = ColoQmp.startResync(ns, pair.resyncMiBps());
        steps.add(qmpStep("resync-start", "copy the whole disk to the new secondary (drive-mirror, job resync)",
                primaryNow, mirror, null));
        steps.add(new Step("resync-ready", "wait until the mirror is in sync", primaryNow,
                Actions.custom("poll query-block-jobs until job 'resync' is ready", Runbooks::awaitResync), null,
                Duration.ofHours(12)));
        for (ColoStep c : ColoQmp.finishResume(ns, wasSecondary)) {
            steps.add(step(c, "resume-", primaryNow, LONG, true, false));
        }
        steps.add(qmpStep("resume-checkpoint-delay", "set the checkpoint interval", primaryNow,
                ColoQmp.checkpointDelay(pair.checkpointDelayMs()), null));
        // From here the new secondary holds the guest's last checkpoint: a failure of the primary
        // (a double fault) must leave it to take over, not stop it with the resume's undo.
        steps.add(qmpStep("new-secondary-colo", "the new secondary is in COLO", newSec, new QmpCall("query-colo-status", null),
                Checks.coloMode(ColoMode.SECONDARY, null, QUICK)).committing());
        Duration checkpointWait = Duration.ofMillis(3L * pair.checkpointDelayMs()).plusSeconds(30);
        steps.add(new Step("primary-colo", "the primary is in COLO and checkpoints flow", primaryNow,
                Actions.qmp(new QmpCall("query-colo-status", null)),
                both(Checks.coloMode(ColoMode.PRIMARY, null, QUICK), Checks.checkpoints(2, checkpointWait)),
                checkpointWait.plus(QUICK)));
        return new Runbook(wasSecondary ? "resume-from-secondary" : "resume-from-primary", pair, steps);
    }

    private static String awaitResync(PairContext ctx, Slot slot) {
        long t0 = System.nanoTime();
        while (true) {
            JsonNode jobs = ctx.qmp(slot).call("query-block-jobs", null);
            JsonNode job = null;
            for (JsonNode j : jobs) {
                if ("resync".equals(j.path("device").asText()) || "resync".equals(j.path("id").asText())) {
                    job = j;
                }
            }
            if (job == null) {
                throw new StepFailedException("the resync job is gone before it was ready: " + jobs);
            }
            long offset = job.path("offset").asLong();
            long len = Math.max(1, job.path("len").asLong());
            double secs = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
            double rate = offset / secs;
            String eta = rate > 0 ? String.format("%.0f s left", (len - offset) / rate) : "";
            ctx.progress(String.format("%d of %d bytes (%.0f%%), %.1f MiB/s %s", offset, len, 100.0 * offset / len,
                    rate / (1 << 20), eta), (double) offset / len);
            if (job.path("ready").asBoolean(false)) {
                return "ready: " + offset + " of " + len + " bytes in " + String.format("%.1f s", secs);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
    }

    /** Changes the periodic checkpoint interval on the node that is primary now (forces a checkpoint). */
    public static Runbook setCheckpointDelay(PairSpec pair, Slot primaryNow, int ms) {
        return new Runbook("set-checkpoint-delay", pair, List.of(qmpStep("checkpoint-delay", "set x-checkpoint-delay to "
                + ms + " ms", primaryNow, ColoQmp.checkpointDelay(ms), null)));
    }

    /** Stops both QEMUs (SIGTERM, then SIGKILL) and removes their sockets; the disks stay. */
    public static Runbook teardown(PairSpec pair) {
        List<Step> steps = new ArrayList<>();
        for (Slot slot : Slot.values()) {
            steps.add(stopStep(pair, slot));
        }
        return new Runbook("teardown", pair, steps);
    }

    /** Stops one node's QEMU only (Pacemaker's stop of this host's instance); the disks stay. */
    public static Runbook stopNode(PairSpec pair, Slot slot) {
        return new Runbook("stop-" + slot.key(), pair, List.of(stopStep(pair, slot)));
    }

    private static Step stopStep(PairSpec pair, Slot slot) {
        NodeSpec n = slot.of(pair);
        return new Step("stop-" + slot.name().toLowerCase(java.util.Locale.ROOT), "stop QEMU", slot,
                Actions.custom("kill -TERM $(cat " + n.pidFile() + "), then -KILL after 5 s; rm -f " + n.qmpSocket()
                        + " " + n.monitorSocket() + " " + n.agentSocket() + " " + n.pidFile(), Runbooks::stopQemu),
                Checks.of("no QEMU process of this node and no pid file", (ctx, s) -> {
                    OptionalLong pid = ctx.pid(s);
                    if (pid.isPresent()) {
                        throw new StepFailedException("QEMU pid file still there (pid " + pid.getAsLong() + ")");
                    }
                    return "stopped";
                }), QUICK);
    }

    /** Already done: this node's QEMU runs (its pid file names a live process). */
    private static String qemuRuns(PairContext ctx, Slot slot) {
        OptionalLong pid = ctx.pid(slot);
        return pid.isPresent() && ctx.host(slot).isAlive(pid.getAsLong())
                ? "QEMU already runs (pid " + pid.getAsLong() + ")" : null;
    }

    /** Already done: the primary has its replication child node. */
    private static String replicationChild(PairContext ctx, Slot slot) {
        for (JsonNode n : ctx.qmp(slot).call("query-named-block-nodes", null)) {
            if ("replication0".equals(n.path("node-name").asText())) {
                return "the replication child replication0 exists";
            }
        }
        return null;
    }

    /** Already done: the pair is in COLO (both nodes say so). */
    private static String inColo(PairContext ctx, Slot slot) {
        ColoMode p = ColoMode.parse(ctx.qmp(Slot.PRIMARY_NODE).call("query-colo-status", null).path("mode").asText());
        ColoMode s = ColoMode.parse(ctx.qmp(Slot.SECONDARY_NODE).call("query-colo-status", null).path("mode").asText());
        return p == ColoMode.PRIMARY && s == ColoMode.SECONDARY ? "the pair is already in COLO" : null;
    }

    static String stopQemu(PairContext ctx, Slot slot) {
        NodeSpec n = ctx.node(slot);
        ctx.disconnect(slot);
        OptionalLong pid = ctx.pid(slot);
        String result = "not running";
        if (pid.isPresent() && ctx.host(slot).isAlive(pid.getAsLong())) {
            String notOurs = notThisNodesQemu(ctx, slot, pid.getAsLong());
            if (notOurs != null) {
                result = "pid " + pid.getAsLong() + " left alone: " + notOurs + " (a stale pid file, removed)";
            } else {
                boolean killed = ctx.host(slot).stop(pid.getAsLong(), Duration.ofSeconds(5));
                result = "pid " + pid.getAsLong() + (killed ? " killed (ignored SIGTERM)" : " terminated");
            }
        }
        ctx.host(slot).check(Command.of("rm", "-f", n.qmpSocket(), n.monitorSocket(), n.agentSocket(), n.pidFile()));
        ctx.stopped(slot);
        return result;
    }

    /**
     * A failover drill's fault: the node's QEMU killed at once (SIGKILL, as a crash), by the pid its
     * pid file names once its command line proves it is this node's QEMU. Its sockets and pid file
     * stay, as a crash leaves them.
     */
    public static Runbook crash(PairSpec pair, Slot slot) {
        return new Runbook("drill-kill-" + (slot == Slot.PRIMARY_NODE ? "primary-node" : "secondary-node"), pair, List.of(
                new Step("kill-qemu", "kill the " + slot.label() + "'s QEMU (SIGKILL, its pid verified)", slot,
                        Actions.custom("kill -KILL <pid from " + slot.of(pair).pidFile() + ", its command line naming "
                                + slot.of(pair).qmpSocket() + ">", Runbooks::killQemu), null, QUICK)));
    }

    private static String killQemu(PairContext ctx, Slot slot) {
        OptionalLong pid = ctx.pid(slot);
        if (pid.isEmpty() || !ctx.host(slot).isAlive(pid.getAsLong())) {
            throw new StepFailedException("the " + slot.label() + "'s QEMU does not run: nothing to kill");
        }
        String notOurs = notThisNodesQemu(ctx, slot, pid.getAsLong());
        if (notOurs != null) {
            throw new StepFailedException("pid " + pid.getAsLong() + " is not the " + slot.label() + "'s QEMU: " + notOurs);
        }
        ctx.host(slot).check(Command.of("kill", "-KILL", Long.toString(pid.getAsLong())));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ctx.host(slot).isAlive(pid.getAsLong())) {
            if (System.nanoTime() > deadline) {
                throw new StepFailedException("pid " + pid.getAsLong() + " still runs 5 s after SIGKILL");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        ctx.disconnect(slot);
        return "pid " + pid.getAsLong() + " killed";
    }

    /**
     * Why the process named by the node's pid file is not this node's QEMU, or null when it is: a
     * pid file outlives its QEMU, and the pid may since belong to anything. Its command line must
     * name this node's QMP socket; pid 1 and below are never it.
     */
    private static String notThisNodesQemu(PairContext ctx, Slot slot, long pid) {
        if (pid <= 1) {
            return "pid " + pid + " is never a QEMU";
        }
        CommandResult r = ctx.host(slot).run(Command.of("ps", "-ww", "-o", "args=", "-p", Long.toString(pid)));
        String args = r.stdout().strip();
        if (!r.ok() || args.isEmpty()) {
            return "it is gone";
        }
        return args.contains(ctx.node(slot).qmpSocket()) ? null
                : "its command line does not name " + ctx.node(slot).qmpSocket() + ": " + args.substring(0, Math.min(120, args.length()));
    }

    private static Action imagePresent(String image) {
        return Actions.custom("test -e " + image, (ctx, slot) -> {
            if (!ctx.host(slot).exists(image)) {
                throw new StepFailedException("the disk image " + image + " does not exist on " + ctx.host(slot).name());
            }
            return image + " present";
        });
    }

    private static String createActiveHidden(PairContext ctx, Slot slot) {
        NodeSpec n = ctx.node(slot);
        CommandResult info = ctx.host(slot).check(Command.of("qemu-img", "info", "--force-share", "--output=json", n.image()));
        long size;
        try {
            JsonNode j = JSON.readTree(info.stdout());
            size = j.get("virtual-size").asLong();
        } catch (Exception e) {
            throw new StepFailedException("cannot read the virtual size of " + n.image() + ": " + info.stdout(), e);
        }
        for (List<String> c : QemuCommandLine.createActiveAndHidden(n, size)) {
            ctx.host(slot).check(Command.of(c));
        }
        return "active and hidden images of " + size + " bytes";
    }

    private static Check processAlive() {
        return Checks.of("the QEMU process runs", (ctx, slot) -> {
            long pid = ctx.pid(slot).orElseThrow(() -> new StepFailedException("no pid for the started QEMU"));
            // Give an immediate failure (bad option, port taken) the moment it needs to show.
            java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L);
            if (!ctx.host(slot).isAlive(pid)) {
                String log = new String(ctx.host(slot).read(ctx.node(slot).logFile(), 4000), java.nio.charset.StandardCharsets.UTF_8);
                throw new StepFailedException("QEMU exited at start: " + log.strip());
            }
            return "pid " + pid + " alive";
        });
    }

    /**
     * The primary's guest must not have run before its disk is replicated: whatever it wrote is
     * missing from the secondary's copy, and a failover would lose it. A re-run that finds it
     * running outside COLO refuses rather than protecting a pair whose disks already differ.
     */
    private static Check notRunYet() {
        return Checks.of("runstate is prelaunch or paused (started with -S: the guest boots under COLO)", (ctx, slot) -> {
            String s = ctx.qmp(slot).call("query-status", null).path("status").asText();
            if (s.equals("prelaunch") || s.equals("paused")) {
                return s;
            }
            throw new StepFailedException("the primary's guest already runs (runstate " + s + ") outside COLO: what it wrote "
                    + "is not on the secondary's disk. Stop the pair (coloctl down) and protect it again, or resume "
                    + "replication from it (a full resync).");
        });
    }

    private static Check both(Check a, Check b) {
        return Checks.of(a.describe() + "; " + b.describe(), (ctx, slot) -> a.verify(ctx, slot) + "; " + b.verify(ctx, slot));
    }

    /** A step that sends one QMP query or command written here (not part of a COLO procedure). */
    private static Step qmpStep(String id, String title, Slot slot, QmpCall call, Check check) {
        return new Step(id, title, slot, Actions.qmp(call), check, LONG);
    }

    /**
     * A runbook step from a procedure's declared step: its action, check, undo and "already done"
     * probe come from the declaration, never from the command's name.
     *
     * @param undoable  a later failure takes it back (resume); protect and failover do not undo
     * @param reRunnable a re-run skips it when its own probe finds the work done
     */
    private static Step step(ColoStep c, String idPrefix, Slot slot, Duration timeout, boolean undoable, boolean reRunnable) {
        Action action = switch (c.tolerate()) {
            case NOTHING -> c.hmp() ? Actions.hmp(c.call()) : Actions.qmp(c.call());
            case ALREADY_THERE -> Actions.qmpTolerating(c.call(), "already");
            case ALREADY_OUT_OF_COLO -> Actions.qmpTolerating(c.call(), ALREADY_OUT_OF_COLO);
        };
        Check check = switch (c.await()) {
            case ANSWER -> null;
            case MIGRATION_IN_COLO -> Checks.migrationStatus("colo", Duration.ofSeconds(90));
            case RESYNC_JOB_GONE -> Checks.of("job 'resync' is gone (point-in-time copy taken)",
                    (ctx, sl) -> Checks.poll(QUICK, () -> ctx.qmp(sl).call("query-block-jobs", null).isEmpty()
                            ? "no block jobs" : null, "the resync job to end"));
        };
        Step step = new Step(idPrefix + c.id(), c.title(), slot, action, check, timeout);
        if (undoable) {
            step = switch (c.undo()) {
                case NONE -> step;
                case CALL -> step.undoneBy(Actions.qmpTolerating(c.undoCall(), NOTHING_TO_UNDO));
                case LEAVE_MIGRATION -> step.undoneBy(Actions.leaveMigration());
            };
        }
        if (reRunnable) {
            Step.Done probe = switch (c.already()) {
                case NEVER -> Runbooks::inColo;
                case REPLICATION_CHILD_ATTACHED -> (ctx, sl) -> inColo(ctx, sl) != null ? inColo(ctx, sl) : replicationChild(ctx, sl);
            };
            step = step.skippingWhen(probe);
        }
        return step;
    }
}
