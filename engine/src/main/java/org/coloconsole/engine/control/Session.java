package org.coloconsole.engine.control;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.coloconsole.engine.cluster.HostAccess;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.model.HostKeyCheck;
import org.coloconsole.engine.model.PreflightReport;
import org.coloconsole.engine.model.Role;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.HostKeyException;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.remote.ssh.SshHost;
import org.coloconsole.engine.runbook.Hosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console's (or one coloctl run's) way into the engine: its SSH client, shared by every pair
 * it opens, and what it does with hosts before a pair exists (host keys, preflight of a profile
 * being edited). Close it on exit.
 */
public final class Session implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    /**
     * The OCF agent's login timeout to its peer: a LAN neighbour answers in milliseconds, and a
     * powered-off one (no reset) would otherwise hold a failover for the default 10 s per login.
     */
    static final java.time.Duration AGENT_LOGIN_TIMEOUT = java.time.Duration.ofSeconds(2);

    private final SshConnector ssh;
    /** Hosts kept logged in across controllers (the resident agent's), or null: each use logs in. */
    private final Map<HostAccess, Host> kept;

    public Session() {
        this(new SshConnector(), false);
    }

    private Session(SshConnector ssh, boolean keepHosts) {
        this.ssh = ssh;
        this.kept = keepHosts ? new ConcurrentHashMap<>() : null;
    }

    /**
     * The OCF agent's session on a node: logins to the peer time out after {@link #AGENT_LOGIN_TIMEOUT},
     * and the SSH session to the peer is kept across actions (a failover then logs in to nobody).
     */
    public static Session forAgent() {
        return new Session(new SshConnector().withConnectTimeout(AGENT_LOGIN_TIMEOUT), true);
    }
    /** The key each host last presented as unknown: the only key {@link #trust} will add. */
    private final Map<HostAccess, java.security.PublicKey> presented = new ConcurrentHashMap<>();

    /** A controller for a profile's pair: hosts through this session, journal under the state dir. Not started. */
    public PairController open(PairSpec pair) {
        return PairController.open(pair, ssh);
    }

    /** A controller on one of the pair's own hosts: node {@code self} through this machine (the OCF agent). */
    public PairController openOnNode(PairSpec pair, Slot self) {
        return PairController.onNode(pair, self, this::host);
    }

    /** A controller on one of the pair's hosts whose peer is known to be off: the peer is not asked (see {@code FencedHost}). */
    public PairController openOnNodePeerFenced(PairSpec pair, Slot self, String why) {
        return PairController.onNodePeerFenced(pair, self, why);
    }

    /** Logs in to {@code host} and says whether its key is known (SSH hosts; a local host is {@code LOCAL}). */
    public HostKeyCheck checkHostKey(HostAccess host) {
        if (!(host instanceof HostAccess.Ssh)) {
            return new HostKeyCheck(host.toString(), HostKeyCheck.Status.LOCAL, null, "the console's own machine, no SSH");
        }
        SshHost h = (SshHost) Hosts.open(host, ssh);
        try {
            h.connect();
            return new HostKeyCheck(host.toString(), HostKeyCheck.Status.VERIFIED, null, "host key known and verified, logged in");
        } catch (HostKeyException k) {
            log.warn("host key of {}: {} ({})", host, k.changed() ? "CHANGED" : "unknown", k.fingerprint());
            if (!k.changed()) {
                presented.put(host, k.presentedKey());
            }
            return new HostKeyCheck(host.toString(), k.changed() ? HostKeyCheck.Status.CHANGED : HostKeyCheck.Status.UNKNOWN,
                    k.fingerprint(), k.getMessage());
        } catch (RuntimeException e) {
            log.warn("host key check of {} failed", host, e);
            return new HostKeyCheck(host.toString(), HostKeyCheck.Status.UNREACHABLE, null, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Adds the key {@code host} presented at the last {@link #checkHostKey} to known_hosts. Only an
     * unknown key the operator was shown can be trusted; a changed one never is.
     */
    public void trust(HostAccess host, HostKeyCheck shown) {
        java.security.PublicKey key = presented.get(host);
        if (key == null || shown.status() != HostKeyCheck.Status.UNKNOWN) {
            throw new IllegalStateException("no unknown key from " + host + " to trust; check it first");
        }
        ((SshHost) Hosts.open(host, ssh)).trust(key);
        presented.remove(host);
        log.info("trusted host key {} for {}", shown.fingerprint(), host);
    }

    /** Preflight of both nodes of a pair (roles as the profile starts them), before the pair runs. */
    public List<PreflightReport> preflight(PairSpec p) {
        try (Host a = Hosts.open(p.primary().host(), ssh); Host b = Hosts.open(p.secondary().host(), ssh)) {
            return List.of(PairController.preflight(Slot.PRIMARY_NODE.of(p), Role.PRIMARY, a),
                    PairController.preflight(Slot.SECONDARY_NODE.of(p), Role.SECONDARY, b));
        }
    }

    /** Preflight of one host for a node that is not in a profile yet (coloctl preflight). */
    public PreflightReport preflight(HostAccess host, org.coloconsole.engine.model.NodeRequirements node) {
        try (Host h = Hosts.open(host, ssh)) {
            return org.coloconsole.engine.qemu.Preflight.run(h, node);
        }
    }

    /** A host through this session's SSH client (or this machine). Close it after use. */
    Host host(HostAccess access) {
        if (kept == null || !(access instanceof HostAccess.Ssh)) {
            return Hosts.open(access, ssh);
        }
        return new org.coloconsole.engine.remote.KeptHost(kept.computeIfAbsent(access, a -> Hosts.open(a, ssh)));
    }

    @Override
    public void close() {
        if (kept != null) {
            kept.values().forEach(Host::close);
        }
        ssh.close();
    }
}
