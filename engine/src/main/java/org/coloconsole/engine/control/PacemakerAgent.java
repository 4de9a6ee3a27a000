package org.coloconsole.engine.control;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.coloconsole.engine.cluster.PacemakerSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.model.ColoMode;
import org.coloconsole.engine.model.NodeObservation;
import org.coloconsole.engine.model.OcfStatus;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.RunResult;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;

/**
 * The OCF agent's work on one host (run there by {@code coloctl agent}, called by the shell agent
 * {@code ocf:colo-console:colo}): which of the pair's nodes this host is, what its QEMU says, and
 * the engine's runbooks for Pacemaker's actions. The promoted instance is the COLO primary (or the
 * survivor running alone); the unpromoted one the COLO secondary, or a node waiting to resync.
 *
 * <ul>
 * <li>{@code promote} of a secondary whose peer is gone is the failover runbook;</li>
 * <li>{@code start} on a host whose peer runs alone is the resume runbook (a fresh secondary here,
 * resynced); with no promoted peer yet it waits ({@link AgentRunState}), and {@code notify}
 * post-promote resyncs;</li>
 * <li>{@code demote} of the COLO primary stops it here (a switchover: the secondary, promoted
 * next, takes over from its last checkpoint);</li>
 * <li>{@code notify} post-stop of the secondary tells the primary to go on alone.</li>
 * </ul>
 * Every runbook runs under the pair's lock on this host and is journaled like the console's.
 */
public final class PacemakerAgent {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PacemakerAgent.class);
    /** Promotion scores: keep the promoted node where it is; a checkpointing secondary may take over. */
    static final int SCORE_PROMOTED = 100;
    static final int SCORE_SECONDARY = 50;
    /** How long monitor waits for a live QEMU's slow monitor before calling it failed (the action's timeout is 20 s). */
    static final Duration PATIENCE = Duration.ofSeconds(12);

    private final Session session;
    /** The primitive's id Pacemaker gave this action (its promotion score's name), or null outside Pacemaker. */
    private final String resource;

    /**
     * @param session  the SSH client the actions reach the peer through (one per coloctl run, or the
     *                 resident agent's, kept warm across actions)
     * @param resource OCF_RESOURCE_INSTANCE of the action ("colo-lab" or "colo-lab:0"), null outside Pacemaker
     */
    public PacemakerAgent(Session session, String resource) {
        this.session = session;
        this.resource = resource == null || resource.isBlank() ? null : resource.replaceFirst(":.*$", "");
    }

    /**
     * A request's answer, every failure an OCF code with its reason: a bad profile, pair or node is
     * OCF_ERR_CONFIGURED (Pacemaker does not retry it on this node), anything else OCF_ERR_GENERIC.
     */
    public static OcfStatus answer(Session session, AgentRequest r) {
        try {
            return new PacemakerAgent(session, r.resource()).handle(r);
        } catch (IllegalArgumentException e) {
            return new OcfStatus(OcfStatus.ERR_CONFIGURED, r.action() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("agent {} failed", r.action(), e);
            return new OcfStatus(OcfStatus.ERR_GENERIC, r.action() + ": " + e.getMessage());
        }
    }

    /**
     * One request of the shell agent, as {@code coloctl agent ACTION} or the resident agent receives
     * it: the action's OCF code and its one-line reason.
     *
     * @throws IllegalArgumentException for a request that names no known action, pair or node (OCF_ERR_CONFIGURED)
     */
    public OcfStatus handle(AgentRequest r) {
        return switch (r.action()) {
            case "validate-all" -> {
                Slot s = validate(r.pairSpec(), r.node());
                yield new OcfStatus(OcfStatus.SUCCESS, "valid: this host is the pair's " + s.label());
            }
            case "monitor" -> monitor(r.pairSpec(), r.node());
            case "start" -> start(r.pairSpec(), r.node());
            case "stop" -> stop(r.pairSpec(), r.node());
            case "promote" -> promote(r.pairSpec(), r.node());
            case "demote" -> demote(r.pairSpec(), r.node());
            case "notify" -> notify(r.pairSpec(), r.node(), r.notifyType(), r.notifyOperation(), r.notifyUnames());
            // OCF: an action the agent does not implement is OCF_ERR_UNIMPLEMENTED, not a configuration error.
            default -> new OcfStatus(OcfStatus.ERR_UNIMPLEMENTED, "unknown action '" + r.action() + "' (start, stop, promote, "
                    + "demote, notify, monitor, validate-all)");
        };
    }

    /** The pair's node on the host Corosync calls {@code nodeName}. @throws IllegalArgumentException naming the mismatch */
    public static Slot slotOf(PairSpec pair, String nodeName) {
        PacemakerSpec pm = pair.pacemaker();
        if (pm == null) {
            throw new IllegalArgumentException("pair " + pair.name() + " has no 'pacemaker' keys");
        }
        for (Slot s : Slot.values()) {
            if (pm.node(s).equals(nodeName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("this host is '" + nodeName + "' to Corosync, but pair " + pair.name()
                + " names " + pm.primaryNode() + " and " + pm.secondaryNode() + " (pacemaker.primaryNode/secondaryNode)");
    }

    /**
     * {@code validate-all}: the profile loads, the pair has Pacemaker keys and fences, and this host
     * is one of its nodes. Returns this host's node.
     *
     * @throws IllegalArgumentException naming what is wrong (OCF_ERR_CONFIGURED)
     */
    public static Slot validate(PairSpec pair, String nodeName) {
        org.coloconsole.engine.pacemaker.ClusterPlan.of(pair, PacemakerSetup.defaultProfileOnHosts(pair),
                PacemakerSetup.DEFAULT_COLOCTL);
        return slotOf(pair, nodeName);
    }

    /** {@code monitor}: this host's node, observed locally (its QMP socket, its pid file), and its promotion score. */
    public OcfStatus monitor(PairSpec pair, String nodeName) {
        Slot self = slotOf(pair, nodeName);
        LocalHost here = new LocalHost();
        AgentRunState run = new AgentRunState(pair.name());
        NodeObservation o;
        boolean alive;
        try (PairMonitor m = new PairMonitor(pair, n -> here, org.coloconsole.engine.cluster.NodeSpec::agentSocket,
                Duration.ofSeconds(1), 16)) {
            o = m.observeOne(self);
            alive = qemuAlive(here, self.of(pair).pidFile());
            // A QEMU whose process lives but whose monitor is slow (a checkpoint, a resync's last
            // stage, a loaded host) is not a failed QEMU: Pacemaker would stop it, and the guest
            // with it. It gets until PATIENCE to answer; only then is it reported failed.
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!o.reachable() && alive && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
                o = m.observeOne(self);
                alive = qemuAlive(here, self.of(pair).pidFile());
            }
        }
        OcfStatus s = OcfStatus.of(o, alive);
        if (s.code() == OcfStatus.NOT_RUNNING && run.waiting()) {
            s = new OcfStatus(OcfStatus.SUCCESS, "started: waiting for a promoted peer to resync from");
        } else if (o.reachable() && run.waiting()) {
            run.clear();
        }
        score(resource, nodeName, s.code() == OcfStatus.RUNNING_PROMOTED ? SCORE_PROMOTED
                : s.code() == OcfStatus.SUCCESS && o.is(ColoMode.SECONDARY) ? SCORE_SECONDARY : 0);
        // Only a node in its steady state is cached for the shell: one waiting or not yet in COLO is asked each time.
        boolean steady = s.code() == OcfStatus.RUNNING_PROMOTED || (s.code() == OcfStatus.SUCCESS && o.is(ColoMode.SECONDARY));
        run.recordMonitor(self.of(pair).pidFile(), steady ? s.code() : -1, s.reason());
        return s;
    }

    /**
     * {@code start}: a running node is adopted as it is. With the peer running alone (promoted) a
     * fresh secondary starts here and resyncs (the resume runbook); with the peer a COLO primary
     * that lost this node, the peer first goes on alone (failover there). Otherwise the node waits
     * for a promoted peer.
     */
    public OcfStatus start(PairSpec pair, String nodeName) {
        Slot self = slotOf(pair, nodeName);
        AgentRunState run = new AgentRunState(pair.name());
        run.forgetMonitor();
        try (PairController c = session.openOnNode(pair, self)) {
            c.pollNow();
            NodeObservation me = c.observation(self);
            NodeObservation peer = c.observation(self.other());
            if (me.reachable()) {
                run.clear();
                return new OcfStatus(OcfStatus.SUCCESS, "runs already: " + OcfStatus.of(me, true).reason());
            }
            if (qemuAlive(new LocalHost(), self.of(pair).pidFile())) {
                return new OcfStatus(OcfStatus.ERR_GENERIC, "a QEMU runs here but its QMP does not answer: " + me.error());
            }
            if (peer.is(ColoMode.PRIMARY)) {
                // The peer still checkpoints to this node's dead QEMU: it must go on alone first.
                OcfStatus alone = runPlan(c, c.failoverPlan(self.other()).orElseThrow(), "pacemaker start on " + nodeName
                        + ": the " + self.other().label() + " goes on alone");
                if (alone.code() != OcfStatus.SUCCESS) {
                    return alone;
                }
                c.pollNow();
            }
            return resumeHere(c, run, nodeName, "start");
        } catch (PairBusyException e) {
            return new OcfStatus(OcfStatus.ERR_GENERIC, e.getMessage());
        }
    }

    /** The resume runbook from a peer that runs alone; without one, this node waits (see {@link AgentRunState}). */
    private OcfStatus resumeHere(PairController c, AgentRunState run, String nodeName, String action) {
        Optional<Plan> resume = c.resumePlan();
        if (resume.isEmpty()) {
            run.markWaiting("no peer runs alone yet");
            return new OcfStatus(OcfStatus.SUCCESS, "started: waiting for a promoted peer to resync from");
        }
        run.markWaiting("resyncing");
        OcfStatus s = runPlan(c, resume.get(), "pacemaker " + action + " on " + nodeName + ": a fresh secondary here");
        if (s.code() == OcfStatus.SUCCESS) {
            run.clear();
        }
        return s;
    }

    /**
     * {@code stop}: this host's QEMU stopped (verified by its pid and command line), under the
     * pair's lock, journaled like every runbook. Stopping a node that does not run succeeds.
     */
    public OcfStatus stop(PairSpec pair, String nodeName) {
        Slot self = slotOf(pair, nodeName);
        new AgentRunState(pair.name()).forgetMonitor();
        new AgentRunState(pair.name()).clear();
        try (PairController c = session.openOnNode(pair, self)) {
            return runPlan(c, c.stopNodePlan(self), "pacemaker stop on " + nodeName);
        } catch (PairBusyException e) {
            return new OcfStatus(OcfStatus.ERR_GENERIC, e.getMessage());
        }
    }

    /**
     * {@code promote}: this host's node becomes the primary. A COLO secondary whose peer is gone
     * takes over with the engine's failover runbook, under the pair's lock. Refused while the peer's
     * QEMU still answers (Pacemaker stops or fences it first): that would make two primaries.
     */
    public OcfStatus promote(PairSpec pair, String nodeName) {
        Slot self = slotOf(pair, nodeName);
        new AgentRunState(pair.name()).forgetMonitor();
        long t0 = System.nanoTime();
        // A peer Pacemaker fenced is off: asking it would cost a login timeout (a powered-off
        // server sends no reset), paid in full by the client's gap.
        String fenced = peerOffToPacemaker(pair, self);
        long asked = System.nanoTime();
        try (PairController c = fenced != null ? session.openOnNodePeerFenced(pair, self, fenced)
                : session.openOnNode(pair, self)) {
            c.pollNow();
            long polled = System.nanoTime();
            NodeObservation me = c.observation(self);
            OcfStatus now = OcfStatus.of(me, true);
            if (now.code() == OcfStatus.RUNNING_PROMOTED) {
                return new OcfStatus(OcfStatus.SUCCESS, "already promoted: " + now.reason());
            }
            if (!me.is(ColoMode.SECONDARY)) {
                return new OcfStatus(OcfStatus.ERR_GENERIC, "cannot promote: " + (me.reachable() ? now.reason()
                        : "no QEMU runs here (a node waiting to resync has no copy of the guest)"));
            }
            if (c.observation(self.other()).reachable()) {
                return new OcfStatus(OcfStatus.ERR_GENERIC, "the " + self.other().label()
                        + "'s QEMU still answers: promoting here would make two primaries");
            }
            // A monitor that does not answer is not a dead QEMU (busy, or a slow link): its process decides.
            String alive = fenced != null ? null : qemuProcessOn(pair, self.other());
            if (alive != null) {
                return new OcfStatus(OcfStatus.ERR_GENERIC, "the " + self.other().label() + "'s QEMU process still runs ("
                        + alive + "): promoting here would make two primaries");
            }
            long checked = System.nanoTime();
            OcfStatus s = runPlan(c, c.failoverPlan(self).orElseThrow(), "pacemaker promote on " + nodeName);
            if (s.code() == OcfStatus.SUCCESS) {
                score(resource, nodeName, SCORE_PROMOTED);
            }
            LOG.info("promote on {}: the {} {}; crm_mon {} ms, both nodes polled {} ms, checked {} ms, failover and score {} ms",
                    nodeName, self.other().label(), fenced != null ? "not asked (" + fenced + ")" : "asked",
                    (asked - t0) / 1_000_000, (polled - asked) / 1_000_000, (checked - polled) / 1_000_000,
                    (System.nanoTime() - checked) / 1_000_000);
            return s;
        } catch (PairBusyException e) {
            return new OcfStatus(OcfStatus.ERR_GENERIC, e.getMessage());
        }
    }

    /**
     * {@code demote}: the COLO primary stops here, so the secondary (promoted next) takes over
     * from its last checkpoint, and this host resyncs from it once it is promoted. A node that runs
     * alone is the only copy of the guest and is not demoted (refused, with the reason).
     */
    public OcfStatus demote(PairSpec pair, String nodeName) {
        Slot self = slotOf(pair, nodeName);
        AgentRunState run = new AgentRunState(pair.name());
        run.forgetMonitor();
        try (PairController c = session.openOnNode(pair, self)) {
            c.pollNow();
            NodeObservation me = c.observation(self);
            NodeObservation peer = c.observation(self.other());
            if (!me.reachable() || me.is(ColoMode.SECONDARY)) {
                return new OcfStatus(OcfStatus.SUCCESS, "not promoted here: " + OcfStatus.of(me, false).reason());
            }
            if (!me.is(ColoMode.PRIMARY) || !peer.is(ColoMode.SECONDARY)) {
                return new OcfStatus(OcfStatus.ERR_GENERIC, "cannot demote: this node has the only running copy of the guest ("
                        + OcfStatus.of(me, true).reason() + "; the " + self.other().label() + ": "
                        + OcfStatus.of(peer, false).reason() + ")");
            }
            score(resource, nodeName, 0);
            OcfStatus s = runPlan(c, c.stopNodePlan(self), "pacemaker demote on " + nodeName
                    + ": the secondary takes over from its last checkpoint");
            if (s.code() == OcfStatus.SUCCESS) {
                run.markWaiting("demoted");
                return new OcfStatus(OcfStatus.SUCCESS, "demoted: stopped here; resyncs from the "
                        + self.other().label() + " once it is promoted");
            }
            return s;
        } catch (PairBusyException e) {
            return new OcfStatus(OcfStatus.ERR_GENERIC, e.getMessage());
        }
    }

    /**
     * {@code notify}: post-promote of the peer resyncs a waiting node from it; post-stop of the peer
     * lets this node, a COLO primary, go on alone. Anything else needs no work.
     *
     * @param type      pre or post
     * @param operation start, stop, promote or demote
     * @param unames    the nodes the operation was on
     */
    public OcfStatus notify(PairSpec pair, String nodeName, String type, String operation, List<String> unames) {
        Slot self = slotOf(pair, nodeName);
        String peerName = pair.pacemaker().node(self.other());
        if (!"post".equals(type) || !unames.contains(peerName)) {
            return new OcfStatus(OcfStatus.SUCCESS, "nothing to do on " + type + "-" + operation);
        }
        AgentRunState run = new AgentRunState(pair.name());
        run.forgetMonitor();
        try (PairController c = session.openOnNode(pair, self)) {
            if ("promote".equals(operation) && run.waiting()) {
                c.pollNow();
                if (c.observation(self).reachable()) {
                    run.clear();
                    return new OcfStatus(OcfStatus.SUCCESS, "runs already");
                }
                return resumeHere(c, run, nodeName, "notify post-promote");
            }
            if ("stop".equals(operation)) {
                c.pollNow();
                if (c.observation(self).is(ColoMode.PRIMARY) && !c.observation(self.other()).reachable()) {
                    return runPlan(c, c.failoverPlan(self).orElseThrow(), "pacemaker notify post-stop on " + nodeName
                            + ": the " + self.other().label() + " is stopped, go on alone");
                }
            }
            return new OcfStatus(OcfStatus.SUCCESS, "nothing to do on " + type + "-" + operation);
        } catch (PairBusyException e) {
            return new OcfStatus(OcfStatus.ERR_GENERIC, e.getMessage());
        }
    }

    private static OcfStatus runPlan(PairController c, Plan plan, String what) {
        RunResult result = c.runExclusive(plan, what, RunListener.NONE).result();
        return new OcfStatus(result.ok() ? OcfStatus.SUCCESS : OcfStatus.ERR_GENERIC, result.summary());
    }

    /**
     * Sets (or, for 0, removes) this node's promotion score, as Pacemaker's promotable agents do:
     * it decides which node Pacemaker may promote. Outside Pacemaker ({@code resource} null) nothing.
     */
    static void score(String resource, String nodeName, int score) {
        if (resource == null) {
            return;
        }
        List<String> argv = score > 0
                ? List.of("crm_attribute", "--promotion=" + resource, "-N", nodeName, "-l", "reboot", "-v", Integer.toString(score))
                : List.of("crm_attribute", "--promotion=" + resource, "-N", nodeName, "-l", "reboot", "-D");
        var r = new LocalHost().run(Command.of(argv).withTimeout(Duration.ofSeconds(10)));
        if (!r.ok()) {
            LOG.warn("could not set the promotion score of {} on {} to {}: {}", resource, nodeName, score, r.stderr().strip());
        }
    }

    /**
     * The peer's QEMU process if it lives ("pid N on HOST"), by its pid file on its host; null when
     * it does not, or when the host does not answer at all (Pacemaker promotes only after it fenced
     * a node it lost, so a silent host is a fenced one).
     */
    private String qemuProcessOn(PairSpec pair, Slot peer) {
        var node = peer.of(pair);
        try (var h = session.host(node.host())) {
            // One command (each costs about 100 ms over SSH): the pid its file names, if that
            // process lives and is not a zombie waiting for its reaper.
            var r = h.run(Command.of(List.of("sh", "-c", PROCESS_ALIVE, "sh", node.pidFile())).withTimeout(Duration.ofSeconds(5)));
            if (r.exitCode() == 3) {
                return null;
            }
            if (!r.ok() || !r.stdout().strip().matches("\\d+")) {
                throw new IllegalStateException("the check of " + node.pidFile() + " failed: exit " + r.exitCode() + " "
                        + r.stderr().strip());
            }
            return "pid " + r.stdout().strip() + " on " + h.name();
        } catch (org.coloconsole.engine.remote.HostConnectionException e) {
            LOG.info("the {}'s host does not answer ({}): taken as fenced", peer.label(), e.toString());
            return null;
        }
    }

    /** Prints the pid in the file $1 and exits 0 if that process lives; exits 3 if it does not (or no file). */
    static final String PROCESS_ALIVE = "[ -r \"$1\" ] || exit 3; p=$(cat \"$1\"); case \"$p\" in ''|*[!0-9]*) exit 3 ;; esac; "
            + "s=$(cut -d')' -f2 \"/proc/$p/stat\" 2>/dev/null) || exit 3; case \"$s\" in ''|' Z'*|' X'*) exit 3 ;; esac; echo \"$p\"";

    /**
     * Readies the resident agent for this pair's failover without touching this node's QEMU: one
     * SSH login to the peer (the client's crypto and classes) and the failover runbook built, not
     * run. A cold first promote took 1.4 s in the lab, a warm one 0.15 s; the client's gap pays it.
     */
    public void warmUp(PairSpec pair, String nodeName) {
        Slot self = slotOf(pair, nodeName);
        long t0 = System.nanoTime();
        String peer = qemuProcessOn(pair, self.other());
        org.coloconsole.engine.runbook.Runbooks.failover(pair, self, org.coloconsole.engine.model.Role.SECONDARY);
        LOG.info("warmed up for {} on {} in {} ms (the {}'s QEMU: {})", pair.name(), nodeName, (System.nanoTime() - t0) / 1_000_000,
                self.other().label(), peer == null ? "not running or not asked" : peer);
    }

    /**
     * Why the peer's node is known to be off, or null: Pacemaker on this host calls it offline and
     * not unclean, which after a loss it does only once its fence succeeded (a node that left
     * cleanly stopped its resources first). Null outside Pacemaker, or when crm_mon does not answer:
     * then the peer is asked.
     */
    private String peerOffToPacemaker(PairSpec pair, Slot self) {
        if (resource == null) {
            return null;
        }
        String peerNode = pair.pacemaker().node(self.other());
        var r = new LocalHost().run(Command.of(List.of("crm_mon", "--one-shot", "--output-as=xml"))
                .withTimeout(Duration.ofSeconds(5)));
        if (!r.ok()) {
            LOG.info("crm_mon does not answer ({}): the {} is asked", r.stderr().strip(), self.other().label());
            return null;
        }
        try {
            var status = org.coloconsole.engine.pacemaker.CrmMon.parse(r.stdout(), "", "this host");
            return status.nodes().stream().filter(n -> n.name().equals(peerNode) && !n.online() && !n.unclean()).findFirst()
                    .map(n -> "node " + peerNode + " is offline and clean to Pacemaker (fenced, or it stopped)").orElse(null);
        } catch (IllegalArgumentException e) {
            LOG.info("crm_mon's answer unreadable ({}): the {} is asked", e.getMessage(), self.other().label());
            return null;
        }
    }

    /** Whether the QEMU named by a pid file lives (no pid file: it does not). */
    static boolean qemuAlive(LocalHost here, String pidFile) {
        if (!here.exists(pidFile)) {
            return false;
        }
        String text = new String(here.read(pidFile, 64), java.nio.charset.StandardCharsets.US_ASCII).strip();
        return text.matches("\\d+") && here.isAlive(Long.parseLong(text));
    }
}
