package org.coloconsole.app.profile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coloconsole.engine.cluster.NetworkSpec;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.Profiles;

/**
 * The profile editor's fields as profile-document keys ("name", "primary.portBase", …): what
 * the operator typed becomes a YAML document the engine's own parser validates, so the form
 * shows exactly the engine's errors, field by field.
 */
public final class ProfileForm {
    /** Keys of a node's fields, in form order, with their labels. */
    public static final Map<String, String> NODE_FIELDS = new LinkedHashMap<>();
    /** The pair's Pacemaker set-up (optional), in form order, with their labels. */
    public static final Map<String, String> PACEMAKER_FIELDS = new LinkedHashMap<>();
    /** The pair's service probe (optional), in form order, with their labels. */
    public static final Map<String, String> PROBE_FIELDS = new LinkedHashMap<>();
    public static final Map<String, String> DRILL_FIELDS = new LinkedHashMap<>();
    /** The pair's own keys, in form order, with their labels. */
    public static final Map<String, String> PAIR_FIELDS = new LinkedHashMap<>();
    private static final java.util.Set<String> INTEGERS = java.util.Set.of("checkpointDelayMs", "portBase", "resyncMiBps", "cpus",
            "port", "intervalMs", "timeoutMs", "verifyProbes", "compareTimeoutMs", "expiredScanCycleMs", "tokenMs", "qdevicePort",
            "maxClientGapMs", "maxToProtectedMs", "durableWritesPort");

    static {
        PAIR_FIELDS.put("name", "Pair name");
        PAIR_FIELDS.put("checkpointDelayMs", "Checkpoint delay (ms)");
        PAIR_FIELDS.put("compareTimeoutMs", "Compare timeout (ms, unmatched packets released)");
        PAIR_FIELDS.put("expiredScanCycleMs", "Compare scan cycle (ms)");
        PAIR_FIELDS.put("resyncMiBps", "Resync cap (MiB/s, 0 = none)");
        NODE_FIELDS.put("host", "Host (local or ssh://user@host[:port])");
        NODE_FIELDS.put("identity", "SSH key file (optional)");
        NODE_FIELDS.put("knownHosts", "SSH known_hosts (default ~/.ssh/known_hosts)");
        NODE_FIELDS.put("replicationAddress", "Replication address");
        NODE_FIELDS.put("portBase", "Port base (6 ports from here)");
        NODE_FIELDS.put("qemu", "QEMU binary (name on PATH or absolute path)");
        NODE_FIELDS.put("accelerator", "Accelerator (kvm or tcg)");
        NODE_FIELDS.put("memory", "Guest memory (e.g. 512M)");
        NODE_FIELDS.put("cpus", "Guest CPUs");
        NODE_FIELDS.put("image", "Disk image");
        NODE_FIELDS.put("workDir", "Work directory");
        NODE_FIELDS.put("network.type", "Network (user or tap)");
        NODE_FIELDS.put("network.hostForwards", "Host forwards (user network; comma separated)");
        NODE_FIELDS.put("network.bridgeHelper", "Bridge helper (tap network)");
        NODE_FIELDS.put("network.mac", "Guest MAC (tap network; the same on both nodes)");
        NODE_FIELDS.put("nic", "Guest NIC model (the same on both nodes)");
        NODE_FIELDS.put("boot.kernel", "Kernel (optional)");
        NODE_FIELDS.put("boot.initrd", "Initrd (optional)");
        NODE_FIELDS.put("boot.append", "Kernel command line");
        NODE_FIELDS.put("tcgShim", "TCG shim (needed under tcg)");
        NODE_FIELDS.put("extraArgs", "Extra QEMU arguments (as a shell would split them)");
        NODE_FIELDS.put("fence.agent", "Fence agent (fence_ipmilan, …; empty: the operator confirms)");
        NODE_FIELDS.put("fence.options", "Fence options (key=value …, e.g. ip=10.0.0.5 username=admin)");
        NODE_FIELDS.put("fence.secret", "Fence: secret options (never shown; comma separated)");
        NODE_FIELDS.put("fence.timeoutMs", "Fence deadline (ms, off to verified)");
        NODE_FIELDS.put("fence.verifyProbes", "Fence: silent probes that prove it");
        NODE_FIELDS.put("fence.level", "Fence powers off the host or the process");
        PACEMAKER_FIELDS.put("pacemaker.primaryNode", "Pacemaker: the primary host's Corosync name (empty: no Pacemaker)");
        PACEMAKER_FIELDS.put("pacemaker.primaryRing", "Pacemaker: the primary host's ring address");
        PACEMAKER_FIELDS.put("pacemaker.secondaryNode", "Pacemaker: the secondary host's Corosync name");
        PACEMAKER_FIELDS.put("pacemaker.secondaryRing", "Pacemaker: the secondary host's ring address");
        PACEMAKER_FIELDS.put("pacemaker.qdevice", "Pacemaker: quorum device host (corosync-qnetd)");
        PACEMAKER_FIELDS.put("pacemaker.qdevicePort", "Pacemaker: quorum device port");
        PACEMAKER_FIELDS.put("pacemaker.qdeviceTls", "Pacemaker: quorum device over TLS (true or false)");
        PACEMAKER_FIELDS.put("pacemaker.clusterName", "Pacemaker: cluster name");
        PACEMAKER_FIELDS.put("pacemaker.tokenMs", "Pacemaker: Corosync token (ms)");
        DRILL_FIELDS.put("drill.maxClientGapMs", "Drill objective: longest client gap (ms)");
        DRILL_FIELDS.put("drill.maxToProtectedMs", "Drill objective: Protected again within (ms)");
        DRILL_FIELDS.put("drill.durableWritesPort", "Drill data check: the guest's durable-write port (0: none)");
        DRILL_FIELDS.put("drill.check", "Drill data check: command on the probe's host ({address}; exit 0 passes)");
        PROBE_FIELDS.put("probe.kind", "Service probe (echo or http; empty: none)");
        PROBE_FIELDS.put("probe.address", "Probe: service address");
        PROBE_FIELDS.put("probe.port", "Probe: port");
        PROBE_FIELDS.put("probe.intervalMs", "Probe: every (ms)");
        PROBE_FIELDS.put("probe.host", "Probe runs on (local or ssh://user@host[:port])");
        PROBE_FIELDS.put("probe.identity", "Probe: SSH key file (optional)");
        PROBE_FIELDS.put("probe.knownHosts", "Probe: SSH known_hosts (optional)");
    }

    private final Map<String, String> values = new LinkedHashMap<>();

    public void set(String key, String value) {
        values.put(key, value == null ? "" : value.strip());
    }

    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    /** The form filled from an existing pair (the lab pair makes a good template). */
    public static ProfileForm from(PairSpec p, String newName) {
        ProfileForm f = new ProfileForm();
        f.set("name", newName);
        f.set("checkpointDelayMs", Integer.toString(p.checkpointDelayMs()));
        f.set("compareTimeoutMs", Integer.toString(p.compareTimeoutMs()));
        f.set("expiredScanCycleMs", Integer.toString(p.expiredScanCycleMs()));
        f.set("resyncMiBps", Integer.toString(p.resyncMiBps()));
        if (p.probe() != null) {
            var pr = p.probe();
            f.set("probe.kind", pr.kind().name().toLowerCase(java.util.Locale.ROOT));
            f.set("probe.address", pr.address());
            f.set("probe.port", Integer.toString(pr.port()));
            f.set("probe.intervalMs", Integer.toString(pr.intervalMs()));
            f.set("probe.host", pr.from().toString());
            if (pr.from() instanceof org.coloconsole.engine.cluster.HostAccess.Ssh ssh) {
                f.set("probe.identity", ssh.identity() == null ? "" : ssh.identity().toString());
                f.set("probe.knownHosts", ssh.knownHosts() == null ? "" : ssh.knownHosts().toString());
            }
        }
        var d = p.drill();
        f.set("drill.maxClientGapMs", Integer.toString(d.maxClientGapMs()));
        f.set("drill.maxToProtectedMs", Integer.toString(d.maxToProtectedMs()));
        f.set("drill.durableWritesPort", Integer.toString(d.durableWritesPort()));
        f.set("drill.check", String.join(" ", d.check().stream().map(Profiles::shellWord).toList()));
        if (p.pacemaker() != null) {
            var pm = p.pacemaker();
            f.set("pacemaker.clusterName", pm.clusterName());
            f.set("pacemaker.tokenMs", Integer.toString(pm.tokenMs()));
            f.set("pacemaker.primaryNode", pm.primaryNode());
            f.set("pacemaker.primaryRing", pm.primaryRing());
            f.set("pacemaker.secondaryNode", pm.secondaryNode());
            f.set("pacemaker.secondaryRing", pm.secondaryRing());
            f.set("pacemaker.qdevice", pm.qdeviceHost());
            f.set("pacemaker.qdevicePort", Integer.toString(pm.qdevicePort()));
            f.set("pacemaker.qdeviceTls", Boolean.toString(pm.qdeviceTls()));
        }
        for (Slot slot : Slot.values()) {
            String role = slot.key();
            NodeSpec n = slot.of(p);
            f.set(role + ".host", n.host().toString());
            if (n.host() instanceof org.coloconsole.engine.cluster.HostAccess.Ssh ssh && ssh.identity() != null) {
                f.set(role + ".identity", ssh.identity().toString());
            }
            if (n.host() instanceof org.coloconsole.engine.cluster.HostAccess.Ssh ssh && ssh.knownHosts() != null) {
                f.set(role + ".knownHosts", ssh.knownHosts().toString());
            }
            f.set(role + ".replicationAddress", n.replicationAddress());
            f.set(role + ".portBase", Integer.toString(n.portBase()));
            f.set(role + ".qemu", n.qemuBinary());
            f.set(role + ".accelerator", n.accelerator().name().toLowerCase(java.util.Locale.ROOT));
            f.set(role + ".memory", n.memoryKiB() % 1024 == 0 ? (n.memoryKiB() / 1024) + "M" : n.memoryKiB() + "K");
            f.set(role + ".cpus", Integer.toString(n.cpus()));
            f.set(role + ".nic", n.nic());
            f.set(role + ".extraArgs", String.join(" ", n.extraArgs().stream().map(Profiles::shellWord).toList()));
            f.set(role + ".image", n.image());
            f.set(role + ".workDir", n.workDir());
            if (n.network() instanceof NetworkSpec.User u) {
                f.set(role + ".network.type", "user");
                f.set(role + ".network.hostForwards", String.join(", ", u.forwards().stream().map(Object::toString).toList()));
            } else if (n.network() instanceof NetworkSpec.Tap t) {
                f.set(role + ".network.type", "tap");
                f.set(role + ".network.bridgeHelper", t.bridgeHelper());
                f.set(role + ".network.mac", t.mac());
            }
            if (n.boot() != null) {
                f.set(role + ".boot.kernel", n.boot().kernel());
                f.set(role + ".boot.initrd", n.boot().initrd());
                f.set(role + ".boot.append", n.boot().append());
            }
            f.set(role + ".tcgShim", n.tcgShim());
            if (n.fence() != null) {
                var fe = n.fence();
                f.set(role + ".fence.agent", fe.agent());
                java.util.List<String> opts = new java.util.ArrayList<>();
                fe.options().forEach((k, v) -> opts.add(Profiles.shellWord(k + "=" + v)));
                f.set(role + ".fence.options", String.join(" ", opts));
                f.set(role + ".fence.secret", String.join(", ", new java.util.TreeSet<>(fe.secrets())));
                f.set(role + ".fence.timeoutMs", Integer.toString(fe.timeoutMs()));
                f.set(role + ".fence.verifyProbes", Integer.toString(fe.verifyProbes()));
                f.set(role + ".fence.level", fe.level().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return f;
    }

    /** The profile document for these values (one pair); empty optional fields are left out. */
    public String toYaml() {
        JsonNodeFactory j = JsonNodeFactory.instance;
        ObjectNode pair = j.objectNode();
        for (String key : PAIR_FIELDS.keySet()) {
            put(pair, key, get(key));
        }
        if (!get("probe.kind").isEmpty()) {
            ObjectNode probe = pair.putObject("probe");
            for (String key : PROBE_FIELDS.keySet()) {
                put(probe, key.substring("probe.".length()), get(key));
            }
        }
        if (DRILL_FIELDS.keySet().stream().anyMatch(k -> !get(k).isEmpty())) {
            ObjectNode drill = pair.putObject("drill");
            for (String key : DRILL_FIELDS.keySet()) {
                String v = get(key);
                if (key.equals("drill.check")) {
                    if (!v.isBlank()) {
                        ArrayNode list = drill.putArray("check");
                        words(v).forEach(list::add);
                    }
                } else {
                    put(drill, key.substring("drill.".length()), v);
                }
            }
        }
        if (!get("pacemaker.primaryNode").isEmpty()) {
            ObjectNode pm = pair.putObject("pacemaker");
            for (String key : PACEMAKER_FIELDS.keySet()) {
                put(pm, key.substring("pacemaker.".length()), get(key));
            }
        }
        for (Slot slot : Slot.values()) {
            String role = slot.key();
            ObjectNode node = pair.putObject(role);
            for (String key : NODE_FIELDS.keySet()) {
                String v = get(role + "." + key);
                if (v.isEmpty()) {
                    continue;
                }
                if (key.startsWith("fence.") && get(role + ".fence.agent").isEmpty()) {
                    continue; // no agent: no fence (an option typed alone is not a fence)
                }
                if (key.equals("fence.options")) {
                    ObjectNode opts = ((ObjectNode) node.with("fence")).putObject("options");
                    for (String w : words(v)) {
                        int eq = w.indexOf('=');
                        opts.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? "" : w.substring(eq + 1));
                    }
                } else if (key.equals("fence.secret")) {
                    ArrayNode list = ((ObjectNode) node.with("fence")).putArray("secret");
                    for (String k : v.split("\\s*,\\s*")) {
                        list.add(k);
                    }
                } else if (key.equals("extraArgs")) {
                    ArrayNode list = node.putArray("extraArgs");
                    words(v).forEach(list::add);
                } else if (key.equals("network.hostForwards")) {
                    ArrayNode list = ((ObjectNode) node.with("network")).putArray("hostForwards");
                    for (String fw : v.split("\\s*,\\s*")) {
                        list.add(fw);
                    }
                } else if (key.contains(".")) {
                    String[] k = key.split("\\.", 2);
                    put(node.with(k[0]), k[1], v);
                } else {
                    put(node, key, v);
                }
            }
        }
        ObjectNode root = j.objectNode();
        root.putArray("pairs").add(pair);
        try {
            return new YAMLMapper().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Splits a command typed as a shell would read it ('single', "double" quotes and backslashes),
     * so the fence shown shell-quoted comes back word for word.
     */
    public static java.util.List<String> words(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    w.append(text.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                w.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }

    private static void put(ObjectNode o, String key, String v) {
        if (v == null || v.isEmpty()) {
            return;
        }
        // Whole numbers go in as numbers; anything else as typed, so the parser names the mistake.
        if (INTEGERS.contains(key) && v.matches("-?\\d{1,18}")) {
            o.put(key, Long.parseLong(v));
        } else {
            o.put(key, v);
        }
    }

    /** The form key of an engine error's field ("pairs[0].primary.portBase" → "primary.portBase"). */
    public static String keyOf(String errorField) {
        String f = errorField.replaceFirst("^pairs\\[0]\\.?", "");
        return f.replaceFirst("\\[\\d+]$", "");
    }
}
