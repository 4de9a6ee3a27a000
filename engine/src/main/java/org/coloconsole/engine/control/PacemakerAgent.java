package org.coloconsole.engine.control;

import java.time.Duration;
import org.coloconsole.engine.cluster.PacemakerSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.model.NodeObservation;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.model.OcfStatus;
import org.coloconsole.engine.remote.LocalHost;

/**
 * The OCF agent's work on one host (run there by {@code coloctl agent}, called by the shell agent
 * {@code ocf:colo-console:colo}): which of the pair's nodes this host is, and what its QEMU says.
 */
public final class PacemakerAgent {
    private PacemakerAgent() {
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

    /** {@code meta-data}: the agent's parameters and actions. */
    public static String metadata() {
        return org.coloconsole.engine.pacemaker.OcfMetadata.xml();
    }

    /**
     * {@code validate-all}: the profile loads, the pair has Pacemaker keys and fences, and this host
     * is one of its nodes. Returns this host's node.
     *
     * @throws IllegalArgumentException naming what is wrong (OCF_ERR_CONFIGURED)
     */
    public static Slot validate(PairSpec pair, String nodeName) {
        org.coloconsole.engine.pacemaker.ClusterPlan.of(pair, PacemakerSetup.defaultProfileOnHosts(pair));
        return slotOf(pair, nodeName);
    }

    /**
     * {@code stop}: this host's QEMU stopped (verified by its pid and command line), under the
     * pair's lock, journaled like every runbook. Stopping a node that does not run succeeds.
     */
    public static org.coloconsole.engine.model.OcfStatus stop(PairSpec pair, String nodeName) {
        Slot self = slotOf(pair, nodeName);
        try (Session session = new Session(); PairController c = session.openOnNode(pair, self)) {
            var result = c.runExclusive(c.stopNodePlan(self), "pacemaker stop on " + nodeName,
                    org.coloconsole.engine.model.RunListener.NONE).result();
            return result.ok() ? new org.coloconsole.engine.model.OcfStatus(org.coloconsole.engine.model.OcfStatus.SUCCESS,
                    result.summary()) : new org.coloconsole.engine.model.OcfStatus(org.coloconsole.engine.model.OcfStatus.ERR_GENERIC,
                    result.summary());
        } catch (PairBusyException e) {
            return new org.coloconsole.engine.model.OcfStatus(org.coloconsole.engine.model.OcfStatus.ERR_GENERIC, e.getMessage());
        }
    }

    /**
     * {@code promote}: this host's node becomes the primary. A COLO secondary whose peer is gone
     * takes over with the engine's failover runbook, under the pair's lock. Refused while the peer's
     * QEMU still answers (Pacemaker stops or fences it first): that would make two primaries.
     */
    public static org.coloconsole.engine.model.OcfStatus promote(PairSpec pair, String nodeName) {
        Slot self = slotOf(pair, nodeName);
        try (Session session = new Session(); PairController c = session.openOnNode(pair, self)) {
            c.pollNow();
            NodeObservation me = c.observation(self);
            org.coloconsole.engine.model.OcfStatus now = org.coloconsole.engine.model.OcfStatus.of(me, true);
            if (now.code() == org.coloconsole.engine.model.OcfStatus.RUNNING_PROMOTED) {
                return new org.coloconsole.engine.model.OcfStatus(org.coloconsole.engine.model.OcfStatus.SUCCESS,
                        "already promoted: " + now.reason());
            }
            if (!me.is(org.coloconsole.engine.model.ColoMode.SECONDARY)) {
                return new org.coloconsole.engine.model.OcfStatus(org.coloconsole.engine.model.OcfStatus.ERR_GENERIC,
                        "cannot promote: " + now.reason());
            }
            if (c.observation(self.other()).reachable()) {
                return new org.coloconsole.engine.model.OcfStatus(org.coloconsole.engine.model.OcfStatus.ERR_GENERIC,
                        "the " + self.other().label() + "'s QEMU still answers: promoting here would make two primaries");
            }
            var plan = c.failoverPlan(self).orElseThrow();
            var result = c.runExclusive(plan, "pacemaker promote on " + nodeName,
                    org.coloconsole.engine.model.RunListener.NONE).result();
            return new org.coloconsole.engine.model.OcfStatus(result.ok() ? org.coloconsole.engine.model.OcfStatus.SUCCESS
                    : org.coloconsole.engine.model.OcfStatus.ERR_GENERIC, result.summary());
        } catch (PairBusyException e) {
            return new org.coloconsole.engine.model.OcfStatus(org.coloconsole.engine.model.OcfStatus.ERR_GENERIC, e.getMessage());
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

    /** {@code monitor}: this host's node, observed locally (its QMP socket, its pid file). */
    public static OcfStatus monitor(PairSpec pair, String nodeName) {
        Slot self = slotOf(pair, nodeName);
        LocalHost here = new LocalHost();
        try (PairMonitor m = new PairMonitor(pair, n -> here, Duration.ofSeconds(1), 16)) {
            NodeObservation o = m.observeOne(self);
            return OcfStatus.of(o, qemuAlive(here, self.of(pair).pidFile()));
        }
    }
}
