package org.coloconsole.engine.pacemaker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coloconsole.engine.cluster.FenceSpec;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PacemakerSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.Slot;

/**
 * What {@code coloctl cluster init} sets up for a pair, rendered from its profile: corosync.conf
 * (the two hosts, the token, the quorum device) and the CIB (fencing on, no quorum means stop, a
 * stonith device per node from that node's fence, the pair as a promotable clone of our OCF agent,
 * and each fence device kept off the node it fences). Refused, with the reason, when the pair
 * could end up with two primaries: no Pacemaker keys, a node without a fence, or two nodes
 * without a quorum device.
 */
public final class ClusterPlan {
    /** The OCF agent's provider and type: {@code ocf:colo-console:colo}. */
    public static final String PROVIDER = "colo-console";
    public static final String AGENT = "colo";

    private final PairSpec pair;
    private final PacemakerSpec pm;
    private final Path profileOnHosts;
    private final Path coloctlOnHosts;

    private ClusterPlan(PairSpec pair, Path profileOnHosts, Path coloctlOnHosts) {
        this.pair = pair;
        this.pm = pair.pacemaker();
        this.profileOnHosts = profileOnHosts;
        this.coloctlOnHosts = coloctlOnHosts;
    }

    /**
     * The plan for {@code pair}, whose profile the hosts read at {@code profileOnHosts}, with
     * coloctl at {@code coloctlOnHosts} there (the .deb's /usr/bin/coloctl, or a checkout's).
     *
     * @throws IllegalArgumentException naming every reason the pair cannot be put under Pacemaker
     */
    public static ClusterPlan of(PairSpec pair, Path profileOnHosts, Path coloctlOnHosts) {
        List<String> refused = new ArrayList<>();
        PacemakerSpec pm = pair.pacemaker();
        if (pm == null) {
            refused.add("pair " + pair.name() + " has no 'pacemaker' keys (each host's Corosync name and ring address, the "
                    + "quorum device)");
        } else if (pm.qdeviceHost() == null) {
            refused.add("pacemaker.qdevice: two nodes need a quorum device (corosync-qnetd on a third host); without one "
                    + "either side of a partition could decide alone");
        }
        for (Slot s : Slot.values()) {
            FenceSpec f = s.of(pair).fence();
            if (f == null) {
                refused.add(s.key() + ".fence: Pacemaker fences before it promotes; the " + s.label() + " has no fence");
            } else if (!agentName(f).startsWith("fence_")) {
                refused.add(s.key() + ".fence.agent: Pacemaker runs fence agents named fence_*, got '" + agentName(f) + "'");
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("cannot put pair " + pair.name() + " under Pacemaker: " + String.join("; ", refused));
        }
        return new ClusterPlan(pair, profileOnHosts, coloctlOnHosts);
    }

    private static String agentName(FenceSpec f) {
        return Path.of(f.agent()).getFileName().toString();
    }

    public String resourceId() {
        return "colo-" + pair.name();
    }

    public String cloneId() {
        return resourceId() + "-clone";
    }

    public static String fenceId(String node) {
        return "fence-" + node;
    }

    /** corosync.conf for both hosts (the same file on each). */
    public String corosyncConf() {
        StringBuilder b = new StringBuilder();
        b.append("# Rendered by coloctl from the profile of pair ").append(pair.name()).append(".\n");
        b.append("totem {\n  version: 2\n  cluster_name: ").append(pm.clusterName()).append('\n')
                .append("  transport: knet\n  token: ").append(pm.tokenMs()).append('\n')
                .append("  consensus: ").append(pm.consensusMs()).append("\n}\n");
        b.append("nodelist {\n");
        int id = 1;
        for (Slot s : Slot.values()) {
            b.append("  node {\n    ring0_addr: ").append(pm.ring(s)).append("\n    name: ").append(pm.node(s))
                    .append("\n    nodeid: ").append(id++).append("\n  }\n");
        }
        b.append("}\n");
        b.append("quorum {\n  provider: corosync_votequorum\n  device {\n    votes: 1\n    model: net\n    net {\n")
                .append("      host: ").append(pm.qdeviceHost()).append('\n')
                .append("      port: ").append(pm.qdevicePort()).append('\n')
                .append("      algorithm: ffsplit\n")
                .append("      tls: ").append(pm.qdeviceTls() ? "on" : "off").append("\n    }\n  }\n}\n");
        b.append("logging {\n  to_logfile: yes\n  logfile: /var/log/corosync/corosync.log\n  to_syslog: yes\n  timestamp: on\n}\n");
        return b.toString();
    }

    /** The CIB's configuration section; {@code showSecrets} false masks the fence options marked secret. */
    public String cib(boolean showSecrets) {
        int fenceTimeoutS = 0;
        for (Slot s : Slot.values()) {
            fenceTimeoutS = Math.max(fenceTimeoutS, (s.of(pair).fence().timeoutMs() + 999) / 1000);
        }
        StringBuilder b = new StringBuilder("<configuration>\n  <crm_config>\n");
        b.append("    <cluster_property_set id=\"colo-console-options\">\n");
        nv(b, "      ", "opt-stonith-enabled", "stonith-enabled", "true");
        nv(b, "      ", "opt-no-quorum-policy", "no-quorum-policy", "stop");
        nv(b, "      ", "opt-stonith-timeout", "stonith-timeout", fenceTimeoutS + "s");
        b.append("    </cluster_property_set>\n  </crm_config>\n  <nodes/>\n  <resources>\n");
        for (Slot s : Slot.values()) {
            NodeSpec n = s.of(pair);
            FenceSpec f = n.fence();
            String id = fenceId(pm.node(s));
            b.append("    <primitive id=\"").append(x(id)).append("\" class=\"stonith\" type=\"").append(x(agentName(f)))
                    .append("\">\n      <instance_attributes id=\"").append(x(id)).append("-ia\">\n");
            for (Map.Entry<String, String> o : f.options().entrySet()) {
                String v = !showSecrets && f.secrets().contains(o.getKey()) ? "***" : o.getValue();
                nv(b, "        ", id + "-" + o.getKey(), o.getKey(), v);
            }
            nv(b, "        ", id + "-hosts", "pcmk_host_list", pm.node(s));
            nv(b, "        ", id + "-check", "pcmk_host_check", "static-list");
            b.append("      </instance_attributes>\n      <operations>\n        <op id=\"").append(x(id))
                    .append("-monitor\" name=\"monitor\" interval=\"60s\"/>\n      </operations>\n    </primitive>\n");
        }
        String r = resourceId();
        b.append("    <clone id=\"").append(x(cloneId())).append("\">\n      <meta_attributes id=\"").append(x(cloneId()))
                .append("-meta\">\n");
        nv(b, "        ", r + "-promotable", "promotable", "true");
        nv(b, "        ", r + "-promoted-max", "promoted-max", "1");
        nv(b, "        ", r + "-promoted-node-max", "promoted-node-max", "1");
        nv(b, "        ", r + "-clone-max", "clone-max", "2");
        nv(b, "        ", r + "-clone-node-max", "clone-node-max", "1");
        nv(b, "        ", r + "-notify", "notify", "true");
        b.append("      </meta_attributes>\n      <primitive id=\"").append(x(r)).append("\" class=\"ocf\" provider=\"")
                .append(PROVIDER).append("\" type=\"").append(AGENT).append("\">\n        <instance_attributes id=\"")
                .append(x(r)).append("-ia\">\n");
        nv(b, "          ", r + "-pair", "pair", pair.name());
        nv(b, "          ", r + "-profile", "profile", profileOnHosts.toString());
        if (!coloctlOnHosts.equals(Path.of("/usr/bin/coloctl"))) {
            nv(b, "          ", r + "-coloctl", "coloctl", coloctlOnHosts.toString());
        }
        b.append("        </instance_attributes>\n        <operations>\n");
        // Every second: the shell agent answers from the QEMU's pid in milliseconds (a JVM asks QMP at most every 5 s).
        // A failed primary is only demoted at first: its peer is promoted at once, in the same
        // transition, instead of after this node's stop and start (each a JVM, seconds of outage).
        // The unpromoted monitor then finds it stopped, and Pacemaker recovers it after the promote.
        op(b, r + "-monitor-promoted", "monitor", "1s", "Promoted", "20s", "demote");
        op(b, r + "-monitor-unpromoted", "monitor", "2s", "Unpromoted", "20s");
        op(b, r + "-start", "start", "0", null, "300s");
        op(b, r + "-promote", "promote", "0", null, "120s");
        op(b, r + "-demote", "demote", "0", null, "120s");
        op(b, r + "-stop", "stop", "0", null, "120s");
        // A notify may resync a fresh secondary (the resume runbook): as long as a start.
        op(b, r + "-notify-op", "notify", "0", null, "300s");
        b.append("        </operations>\n      </primitive>\n    </clone>\n  </resources>\n  <constraints>\n");
        for (Slot s : Slot.values()) {
            // A node never runs the device that fences it: the survivor must be the one to pull the plug.
            String id = fenceId(pm.node(s));
            b.append("    <rsc_location id=\"").append(x(id)).append("-not-on-itself\" rsc=\"").append(x(id))
                    .append("\" node=\"").append(x(pm.node(s))).append("\" score=\"-INFINITY\"/>\n");
        }
        b.append("  </constraints>\n</configuration>\n");
        return b.toString();
    }

    /** The dry run: both files as they would be written and loaded, secrets masked. */
    public String dryRun() {
        return "# " + pair.name() + ": corosync.conf on " + pm.primaryNode() + " and " + pm.secondaryNode()
                + " (/etc/corosync/corosync.conf)\n" + corosyncConf()
                + "\n# the CIB, loaded with cibadmin --replace --scope configuration (fence secrets shown as ***)\n"
                + cib(false);
    }

    private static void nv(StringBuilder b, String indent, String id, String name, String value) {
        b.append(indent).append("<nvpair id=\"").append(x(id)).append("\" name=\"").append(x(name)).append("\" value=\"")
                .append(x(value)).append("\"/>\n");
    }

    private static void op(StringBuilder b, String id, String name, String interval, String role, String timeout) {
        op(b, id, name, interval, role, timeout, null);
    }

    private static void op(StringBuilder b, String id, String name, String interval, String role, String timeout, String onFail) {
        b.append("          <op id=\"").append(x(id)).append("\" name=\"").append(name).append("\" interval=\"")
                .append(interval).append('"');
        if (role != null) {
            b.append(" role=\"").append(role).append('"');
        }
        if (onFail != null) {
            b.append(" on-fail=\"").append(onFail).append('"');
        }
        b.append(" timeout=\"").append(timeout).append("\"/>\n");
    }

    /** XML attribute text: every value from a profile goes through here. */
    static String x(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.toString();
    }
}
