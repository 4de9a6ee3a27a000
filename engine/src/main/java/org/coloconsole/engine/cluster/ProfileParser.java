package org.coloconsole.engine.cluster;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a located tree into a {@link ClusterProfile}, collecting every problem (unknown key,
 * missing field, bad value, port used twice, relative path) with its field and position. Nothing
 * is returned unless there are none.
 */
final class ProfileParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern SSH = Pattern.compile("ssh://([^@/\\s]+)@([^:/\\s]+)(?::(\\d+))?");
    private static final Pattern MEMORY = Pattern.compile("(\\d+)([KMG])");
    private static final Pattern FORWARD = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)-:(\\d+)");

    private final String file;
    private final LocatedTree tree;
    private final List<ProfileError> errors = new ArrayList<>();

    ProfileParser(String file, LocatedTree tree) {
        this.file = file;
        this.tree = tree;
    }

    ClusterProfile parse(Path source) {
        Obj root = new Obj(tree.root, "");
        List<PairSpec> pairs = new ArrayList<>();
        JsonNode list = root.required("pairs");
        root.done();
        if (list != null && !list.isArray()) {
            error("pairs", "must be a list of pairs");
        } else if (list != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                PairSpec p = pair(new Obj(list.get(i), "pairs[" + i + "]"));
                if (p != null && !names.add(p.name())) {
                    error("pairs[" + i + "].name", "the pair name '" + p.name() + "' is used twice");
                }
                if (p != null) {
                    pairs.add(p);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProfileException(errors);
        }
        return new ClusterProfile(source, pairs);
    }

    private PairSpec pair(Obj o) {
        if (!o.isObject()) {
            return null;
        }
        String name = o.string("name", null);
        if (name != null && !NAME.matcher(name).matches()) {
            error(o.at("name"), "a pair name is letters, digits, '.', '_' or '-' (at most 63), got '" + name + "'");
        }
        int delay = o.integer("checkpointDelayMs", 20_000, 100, 3_600_000);
        int compareTimeout = o.integer("compareTimeoutMs", 3000, 1, 600_000);
        int scan = o.integer("expiredScanCycleMs", 1000, 1, 600_000);
        int resyncMiBps = o.integer("resyncMiBps", 0, 0, 1_000_000);
        if (o.get("fence") != null) {
            error(o.at("fence"), "fencing is configured per node now (primary.fence and secondary.fence, each with "
                    + "agent and options): a pair-wide command could hit the wrong machine");
        }
        ProbeSpec probe = probe(o.objectOptional("probe"));
        PacemakerSpec pacemaker = pacemaker(o.objectOptional("pacemaker"), name);
        DrillSpec drill = drill(o.objectOptional("drill"));
        NodeSpec primary = node(o.object("primary"), Slot.PRIMARY_NODE);
        NodeSpec secondary = node(o.object("secondary"), Slot.SECONDARY_NODE);
        o.done();
        if (primary != null && secondary != null) {
            crossCheck(o.path, primary, secondary);
        }
        if (name == null || primary == null || secondary == null) {
            return null;
        }
        return new PairSpec(name, primary, secondary, delay, compareTimeout, scan, resyncMiBps, probe, pacemaker, drill);
    }

    /** The failover drill's objectives and data check (defaults without the key). */
    private DrillSpec drill(Obj o) {
        if (o == null || !o.isObject()) {
            return DrillSpec.DEFAULTS;
        }
        int gap = o.integer("maxClientGapMs", DrillSpec.DEFAULT_MAX_CLIENT_GAP_MS, 1, 3_600_000);
        int protectedAgain = o.integer("maxToProtectedMs", DrillSpec.DEFAULT_MAX_TO_PROTECTED_MS, 1, 86_400_000);
        List<String> check = o.strings("check");
        int durable = o.integer("durableWritesPort", 0, 0, 65535);
        o.done();
        return new DrillSpec(gap, protectedAgain, check, durable);
    }

    private NodeSpec node(Obj o, Slot role) {
        if (o == null || !o.isObject()) {
            return null;
        }
        int before = errors.size();
        HostAccess host = host(o);
        String address = o.string("replicationAddress", null);
        if (address != null && !address.matches("[A-Za-z0-9.:-]+")) {
            error(o.at("replicationAddress"), "not an address: '" + address + "'");
        }
        String qemu = o.string("qemu", "qemu-system-x86_64");
        if (qemu.contains("/") && !qemu.startsWith("/")) {
            error(o.at("qemu"), "a QEMU path must be absolute (or a bare name found on PATH), got '" + qemu + "'");
        }
        Accelerator accel = accelerator(o);
        long memoryKiB = memory(o);
        int cpus = o.integer("cpus", 1, 1, 64);
        String image = o.absolutePath("image", true);
        String workDir = o.absolutePath("workDir", true);
        int base = o.integer("portBase", 9001, 1, 65535 - PortPlan.SPAN);
        NetworkSpec net = network(o.object("network"));
        String nic = o.string("nic", "e1000");
        if (!nic.matches("[a-z0-9_-]+")) {
            error(o.at("nic"), "not a NIC model name: '" + nic + "'");
        }
        GuestBoot boot = boot(o.objectOptional("boot"));
        String shim = o.absolutePath("tcgShim", false);
        if (accel == Accelerator.TCG && shim == null && o.get("tcgShim") == null && o.isObject()) {
            error(o.path, "under TCG the node needs 'tcgShim', the LD_PRELOAD library against the COLO checkpoint "
                    + "deadlock (installers/lab/build-lab.sh builds colo-tcg-shim.so)");
        }
        List<String> extra = o.strings("extraArgs");
        FenceSpec fence = fence(o.objectOptional("fence"));
        o.done();
        if (errors.size() > before || address == null || image == null || workDir == null || net == null) {
            return null;
        }
        NodeSpec n = new NodeSpec(role, host, address, qemu, accel, memoryKiB, cpus, image, workDir, base, net, nic, boot,
                shim, extra, fence);
        Map<Integer, String> seen = new HashMap<>();
        PortPlan p = n.ports();
        String[] labels = {"compare0", "mirror", "compare1", "compare_out", "migration", "nbd"};
        List<Integer> ports = p.all();
        for (int i = 0; i < ports.size(); i++) {
            seen.put(ports.get(i), labels[i] + " (portBase + offset)");
        }
        if (net instanceof NetworkSpec.User u) {
            for (NetworkSpec.HostForward f : u.forwards()) {
                String prev = seen.putIfAbsent(f.hostPort(), "host forward " + f);
                if (prev != null) {
                    error(o.path + ".network.hostForwards", "port " + f.hostPort() + " is used twice: by " + prev
                            + " and by host forward " + f);
                }
            }
        }
        return n;
    }

    /**
     * A node's fence: {agent, options, secret, timeoutMs, verifyProbes, level}. Option names and
     * values go to the agent's stdin as key=value lines, so neither may hold a line break, and
     * {@code action} is the engine's to set.
     */
    private FenceSpec fence(Obj o) {
        if (o == null || !o.isObject()) {
            return null;
        }
        int before = errors.size();
        String agent = o.absolutePath("agent", true);
        Map<String, String> options = new java.util.LinkedHashMap<>();
        JsonNode opts = o.get("options");
        if (opts != null && !opts.isObject()) {
            error(o.at("options"), "must be a mapping of option names to values (plug: ..., ip: ...)");
        } else if (opts != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = opts.fields(); it.hasNext(); ) {
                var e = it.next();
                String at = o.at("options") + "." + e.getKey();
                if (!e.getKey().matches("[a-z][a-z0-9_-]{0,40}")) {
                    error(at, "an option name is lower-case letters, digits, '_' or '-', got '" + e.getKey() + "'");
                } else if (e.getKey().equals("action")) {
                    error(at, "'action' is set by the engine (off, then status)");
                } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    error(at, "must be a text value");
                } else if (e.getValue().asText().contains("\n") || e.getValue().asText().contains("\r")) {
                    error(at, "must be one line (the agent reads key=value lines)");
                } else {
                    options.put(e.getKey(), e.getValue().asText());
                }
            }
        }
        Set<String> secrets = new HashSet<>(o.strings("secret"));
        for (String k : secrets) {
            if (!options.containsKey(k) && errors.size() == before) {
                error(o.at("secret"), "'" + k + "' is not one of the options");
            }
        }
        int timeout = o.integer("timeoutMs", FenceSpec.DEFAULT_TIMEOUT_MS, 1000, 600_000);
        int probes = o.integer("verifyProbes", FenceSpec.DEFAULT_VERIFY_PROBES, 1, 100);
        String level = o.string("level", "host");
        FenceSpec.Level lv = null;
        if (level.equals("host") || level.equals("process")) {
            lv = FenceSpec.Level.valueOf(level.toUpperCase(java.util.Locale.ROOT));
        } else {
            error(o.at("level"), "must be host or process, got '" + level + "'");
        }
        o.done();
        if (errors.size() > before || agent == null) {
            return null;
        }
        return new FenceSpec(agent, options, secrets, timeout, probes, lv);
    }

    /** The optional Pacemaker set-up: cluster name, token, each host's Corosync name and ring, the quorum device. */
    private PacemakerSpec pacemaker(Obj o, String pairName) {
        if (o == null || !o.isObject()) {
            return null;
        }
        String cluster = o.string("clusterName", "colo-" + pairName);
        if (cluster != null && !cluster.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            error(o.at("clusterName"), "a cluster name is lower-case letters, digits and '-' (at most 32), got '" + cluster + "'");
        }
        int token = o.integer("tokenMs", PacemakerSpec.DEFAULT_TOKEN_MS, 100, 60_000);
        // Keys written out (not built from "primary"/"secondary"): the writer's test reads them from here.
        String[] names = {corosyncName(o, "primaryNode"), corosyncName(o, "secondaryNode")};
        String[] rings = {address(o, "primaryRing"), address(o, "secondaryRing")};
        if (names[0] != null && names[0].equals(names[1])) {
            error(o.at("secondaryNode"), "the two hosts need different Corosync node names, both are '" + names[0] + "'");
        }
        String qdevice = o.optionalString("qdevice");
        if (qdevice != null && !qdevice.matches("[A-Za-z0-9.:-]+")) {
            error(o.at("qdevice"), "not an address: '" + qdevice + "'");
        }
        int qport = o.integer("qdevicePort", PacemakerSpec.DEFAULT_QDEVICE_PORT, 1, 65535);
        boolean qtls = o.bool("qdeviceTls", true);
        o.done();
        if (names[0] == null || names[1] == null || rings[0] == null || rings[1] == null || cluster == null) {
            return null;
        }
        return new PacemakerSpec(cluster, token, names[0], rings[0], names[1], rings[1], qdevice, qport, qtls);
    }

    private String corosyncName(Obj o, String key) {
        String n = o.string(key, null);
        if (n != null && !n.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            // Pacemaker compares node names as the kernel reports them: lower case (COLO-FACTS §8).
            error(o.at(key), "a Corosync node name is lower-case letters, digits and '-', got '" + n + "'");
        }
        return n;
    }

    private String address(Obj o, String key) {
        String a = o.string(key, null);
        if (a != null && !a.matches("[A-Za-z0-9.:-]+")) {
            error(o.at(key), "not an address: '" + a + "'");
        }
        return a;
    }

    /** The optional service probe: kind, address, port, where it runs (host/identity/knownHosts), interval. */
    private ProbeSpec probe(Obj o) {
        if (o == null || !o.isObject()) {
            return null;
        }
        String kind = o.string("kind", "echo");
        ProbeSpec.Kind k = null;
        if (kind.equals("echo") || kind.equals("http")) {
            k = ProbeSpec.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        } else {
            error(o.at("kind"), "must be echo or http, got '" + kind + "'");
        }
        String address = o.string("address", null);
        if (address != null && !address.matches("[A-Za-z0-9.:-]+")) {
            error(o.at("address"), "not an address: '" + address + "'");
        }
        int port = o.integer("port", k == ProbeSpec.Kind.HTTP ? 80 : 7, 1, 65535);
        int interval = o.integer("intervalMs", 100, 10, 60_000);
        HostAccess from = o.get("host") == null ? new HostAccess.Local() : host(o);
        o.done();
        return k == null || address == null || from == null ? null : new ProbeSpec(k, address, port, from, interval);
    }

    private HostAccess host(Obj o) {
        String h = o.string("host", null);
        Path identity = pathOrNull(o, "identity");
        Path knownHosts = pathOrNull(o, "knownHosts");
        if (h == null) {
            return null;
        }
        if (h.equals("local")) {
            if (identity != null || knownHosts != null) {
                error(o.at("identity"), "identity and knownHosts are for ssh:// hosts only");
            }
            return new HostAccess.Local();
        }
        Matcher m = SSH.matcher(h);
        if (!m.matches()) {
            error(o.at("host"), "expected 'local' or ssh://user@host[:port], got '" + h + "'");
            return null;
        }
        int port = m.group(3) == null ? 22 : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            error(o.at("host"), "ssh port must be 1..65535, got " + port);
        }
        return new HostAccess.Ssh(m.group(1), m.group(2), port, identity, knownHosts);
    }

    private Path pathOrNull(Obj o, String key) {
        String s = o.absolutePath(key, false);
        return s == null ? null : Path.of(s);
    }

    private Accelerator accelerator(Obj o) {
        String a = o.string("accelerator", "kvm");
        try {
            return Accelerator.valueOf(a.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(o.at("accelerator"), "must be kvm or tcg, got '" + a + "'");
            return Accelerator.KVM;
        }
    }

    private long memory(Obj o) {
        String m = o.string("memory", "512M");
        Matcher x = MEMORY.matcher(m);
        if (!x.matches()) {
            error(o.at("memory"), "expected a size like 512M, 131080K or 2G, got '" + m + "'");
            return 512 * 1024;
        }
        long n = Long.parseLong(x.group(1));
        long kib = switch (x.group(2)) {
            case "K" -> n;
            case "M" -> n * 1024;
            default -> n * 1024 * 1024;
        };
        if (kib < 16 * 1024) {
            error(o.at("memory"), "at least 16M, got " + m);
        }
        return kib;
    }

    private NetworkSpec network(Obj o) {
        if (o == null || !o.isObject()) {
            return null;
        }
        String type = o.string("type", null);
        NetworkSpec result = null;
        if ("tap".equals(type)) {
            String mac = o.optionalString("mac");
            if (mac != null && !mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
                error(o.at("mac"), "a MAC address is six hex pairs such as 52:54:00:12:34:56, got '" + mac + "'");
            }
            result = new NetworkSpec.Tap(o.string("bridgeHelper", "/usr/lib/qemu/qemu-bridge-helper"), mac);
        } else if ("user".equals(type)) {
            List<NetworkSpec.HostForward> forwards = new ArrayList<>();
            List<String> raw = o.strings("hostForwards");
            for (int i = 0; i < raw.size(); i++) {
                Matcher m = FORWARD.matcher(raw.get(i));
                String at = o.path + ".hostForwards[" + i + "]";
                if (!m.matches()) {
                    error(at, "expected HOSTADDR:PORT-:GUESTPORT such as 127.0.0.1:18080-:80, got '" + raw.get(i) + "'");
                    continue;
                }
                int hp = Integer.parseInt(m.group(2));
                int gp = Integer.parseInt(m.group(3));
                if (hp < 1 || hp > 65535 || gp < 1 || gp > 65535) {
                    error(at, "ports must be 1..65535 in '" + raw.get(i) + "'");
                    continue;
                }
                forwards.add(new NetworkSpec.HostForward(m.group(1), hp, gp));
            }
            result = new NetworkSpec.User(forwards);
        } else if (type != null) {
            error(o.at("type"), "must be tap or user, got '" + type + "'");
        }
        o.done();
        return result;
    }

    private GuestBoot boot(Obj o) {
        if (o == null || !o.isObject()) {
            return null;
        }
        String kernel = o.absolutePath("kernel", true);
        String initrd = o.absolutePath("initrd", false);
        String append = o.string("append", "");
        o.done();
        return kernel == null ? null : new GuestBoot(kernel, initrd, append);
    }

    /** Same host, same port: two nodes of a lab pair on one machine must not collide. */
    private void crossCheck(String pairPath, NodeSpec p, NodeSpec s) {
        if (p.fence() != null && s.fence() != null && p.fence().agent().equals(s.fence().agent())
                && p.fence().options().equals(s.fence().options())) {
            error(pairPath + ".secondary.fence", "the same fence as the primary's: fencing one node would hit the same "
                    + "machine as fencing the other (give each node its own plug, address or host)");
        }
        if ((p.fence() == null) != (s.fence() == null)) {
            error(pairPath + "." + (p.fence() == null ? "primary" : "secondary") + ".fence",
                    "only one node has a fence: either node may be the one to fence, so give both one (or neither)");
        }
        if (p.network() instanceof NetworkSpec.Tap pt && s.network() instanceof NetworkSpec.Tap st
                && !java.util.Objects.equals(pt.mac() == null ? null : pt.mac().toLowerCase(java.util.Locale.ROOT),
                        st.mac() == null ? null : st.mac().toLowerCase(java.util.Locale.ROOT))) {
            error(pairPath + ".secondary.network.mac", "both nodes' guests need the same MAC address (the survivor keeps "
                    + "the clients' ARP entries): primary " + pt.mac() + ", secondary " + st.mac());
        }
        if (!sameMachine(p.host(), s.host())) {
            return;
        }
        Set<String> primaryBinds = binds(p);
        for (String b : binds(s)) {
            if (primaryBinds.contains(b)) {
                error(pairPath + ".secondary", "the primary and the secondary run on the same machine and both listen on "
                        + b + ": give one of them another portBase, replicationAddress or host forward");
                return;
            }
        }
        if (p.workDir().equals(s.workDir())) {
            error(pairPath + ".secondary.workDir", "the primary and the secondary share the workDir " + p.workDir());
        }
    }

    private static boolean sameMachine(HostAccess a, HostAccess b) {
        if (a instanceof HostAccess.Local && b instanceof HostAccess.Local) {
            return true;
        }
        return a instanceof HostAccess.Ssh x && b instanceof HostAccess.Ssh y && x.host().equals(y.host());
    }

    /** What a node listens on at the same time as its peer: its replication ports and forwards. */
    private static Set<String> binds(NodeSpec n) {
        Set<String> out = new HashSet<>();
        for (int port : n.ports().all()) {
            out.add(n.replicationAddress() + ":" + port);
        }
        if (n.network() instanceof NetworkSpec.User u) {
            for (NetworkSpec.HostForward f : u.forwards()) {
                out.add(f.hostAddress() + ":" + f.hostPort());
            }
        }
        return out;
    }

    private void error(String field, String message) {
        JsonLocation l = tree.locate(field);
        errors.add(new ProfileError(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                field.isEmpty() ? "(top)" : field, message));
    }

    /** An object in the tree: typed getters that record errors, and a check for unknown keys. */
    private final class Obj {
        final JsonNode node;
        final String path;
        final Set<String> used = new HashSet<>();

        Obj(JsonNode node, String path) {
            this.node = node;
            this.path = path;
            if (node != null && !node.isObject()) {
                error(path, "must be a mapping of keys to values");
            }
        }

        boolean isObject() {
            return node != null && node.isObject();
        }

        String at(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        JsonNode get(String key) {
            used.add(key);
            if (!isObject()) {
                return null;
            }
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        JsonNode required(String key) {
            JsonNode v = get(key);
            if (v == null && isObject()) {
                error(path, "missing required field '" + key + "'");
            }
            return v;
        }

        /** An optional text: null when absent. */
        String optionalString(String key) {
            return get(key) == null ? null : string(key, "");
        }

        String string(String key, String dflt) {
            JsonNode v = dflt == null ? required(key) : get(key);
            if (v == null) {
                return dflt;
            }
            if (!v.isTextual() && !v.isNumber()) {
                error(at(key), "must be text");
                return dflt;
            }
            return v.asText();
        }

        int integer(String key, int dflt, int min, int max) {
            JsonNode v = get(key);
            if (v == null) {
                return dflt;
            }
            if (!v.isIntegralNumber()) {
                error(at(key), "must be a whole number, got " + v);
                return dflt;
            }
            long n = v.asLong();
            if (n < min || n > max) {
                error(at(key), "must be " + min + ".." + max + ", got " + n);
                return dflt;
            }
            return (int) n;
        }

        boolean bool(String key, boolean dflt) {
            JsonNode v = get(key);
            if (v == null) {
                return dflt;
            }
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
                return Boolean.parseBoolean(v.asText());
            }
            error(at(key), "must be true or false, got " + v);
            return dflt;
        }

        String absolutePath(String key, boolean required) {
            String s = string(key, required ? null : "");
            if (s == null || s.isEmpty()) {
                return null;
            }
            if (!s.startsWith("/")) {
                error(at(key), "must be an absolute path, got '" + s + "'");
                return null;
            }
            return s;
        }

        List<String> strings(String key) {
            JsonNode v = get(key);
            List<String> out = new ArrayList<>();
            if (v == null) {
                return out;
            }
            if (!v.isArray()) {
                error(at(key), "must be a list");
                return out;
            }
            for (JsonNode e : v) {
                out.add(e.asText());
            }
            return out;
        }

        Obj object(String key) {
            JsonNode v = required(key);
            return v == null ? null : new Obj(v, at(key));
        }

        Obj objectOptional(String key) {
            JsonNode v = get(key);
            return v == null ? null : new Obj(v, at(key));
        }

        /** Reports keys nobody asked for: typos must not be silently ignored. */
        void done() {
            if (!isObject()) {
                return;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!used.contains(k)) {
                    error(at(k), "unknown key '" + k + "'");
                }
            }
        }
    }
}
