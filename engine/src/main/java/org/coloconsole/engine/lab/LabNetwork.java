package org.coloconsole.engine.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.LocalHost;

/**
 * The two-host lab on this machine: hosts as network namespaces, each with its own sshd and host
 * key on a management address, a {@code br0} for QEMU's tap through qemu-bridge-helper, a switch
 * joining the hosts' bridges and a client, and a separate replication link (see
 * {@link LabTopology}). Needs root. Everything is created and removed by name; only processes
 * inside the lab's own namespaces are ever killed.
 */
public final class LabNetwork {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LabNetwork.class);

    private static final Duration SSHD_START = Duration.ofSeconds(15);
    private static final String BRIDGE_CONF = "/etc/qemu/bridge.conf";
    /** What a lab host has of its own, set up before its sshd starts (resource host-init.sh). */
    private static final String HOST_INIT = resource("host-init.sh");
    private final LabTopology topo;
    private final LocalHost local = new LocalHost();

    public LabNetwork(LabTopology topo) {
        this.topo = topo;
    }

    public LabTopology topology() {
        return topo;
    }

    /** Why this machine cannot run the two-host lab, or null if it can (root, ip netns, sshd, the bridge helper). */
    public static String unsupportedReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the two-host lab needs root (network namespaces, bridges, taps); running as "
                    + System.getProperty("user.name");
        }
        for (String[] tool : new String[][] {{"/usr/sbin/ip", "iproute2"}, {"/usr/sbin/sshd", "openssh-server"},
                {"/usr/bin/ssh-keygen", "openssh-client"}, {LabTopology.BRIDGE_HELPER, "qemu-system-common"}}) {
            if (!Files.isExecutable(Path.of(tool[0]))) {
                return tool[0] + " is missing: apt-get install -y " + tool[1];
            }
        }
        return null;
    }

    /** True when every namespace of the lab exists and every host's sshd answers. */
    public boolean isUp() {
        List<String> present = namespacesPresent();
        if (!present.containsAll(topo.namespaces())) {
            return false;
        }
        for (String h : LabTopology.HOSTS) {
            if (!sshdAnswers(h)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Brings the lab up. Idempotent: a lab that is fully up is kept (with its running VMs); a
     * partial one (left by a crash) is removed by name first and built again. Keys are kept across
     * runs, so known_hosts stays valid.
     */
    public void up(Consumer<String> progress) {
        String why = unsupportedReason();
        if (why != null) {
            throw new IllegalStateException(why);
        }
        ensureBridgeConf(progress);
        if (isUp()) {
            progress.accept("two-host lab " + topo.prefix() + " is up: " + String.join(", ", topo.namespaces()));
            return;
        }
        if (!leftovers().isEmpty()) {
            progress.accept("removing the remains of an earlier lab: " + leftovers());
            down(progress);
        }
        keys(progress);
        progress.accept("creating namespaces " + String.join(", ", topo.namespaces()));
        for (String ns : topo.namespaces()) {
            ip("netns", "add", ns);
            ip("-n", ns, "link", "set", "lo", "up");
            // A quiet segment: no IPv6 autoconfiguration chatter on the guests' L2.
            local.check(Command.of("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1"));
        }
        String sw = topo.switchNamespace();
        ip("-n", sw, "link", "add", "sw0", "type", "bridge", "stp_state", "0", "forward_delay", "0");
        ip("-n", sw, "link", "set", "sw0", "up");
        for (String h : List.of("hostA", "hostB")) {
            String ns = topo.namespace(h);
            String up = h.equals("hostA") ? "a-sw" : "b-sw";
            String port = h.equals("hostA") ? "sw-a" : "sw-b";
            ip("-n", ns, "link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0");
            ip("-n", ns, "link", "set", "br0", "up");
            ip("link", "add", up, "netns", ns, "type", "veth", "peer", "name", port, "netns", sw);
            ip("-n", ns, "link", "set", up, "master", "br0", "up");
            ip("-n", sw, "link", "set", port, "master", "sw0", "up");
        }
        String client = topo.namespace("client");
        ip("link", "add", "c0", "netns", client, "type", "veth", "peer", "name", "sw-c", "netns", sw);
        ip("-n", sw, "link", "set", "sw-c", "master", "sw0", "up");
        ip("-n", client, "addr", "add", LabTopology.CLIENT_GUEST_SEGMENT_ADDRESS + "/24", "dev", "c0");
        ip("-n", client, "link", "set", "c0", "up");
        String a = topo.namespace("hostA");
        String b = topo.namespace("hostB");
        ip("link", "add", "rep0", "netns", a, "type", "veth", "peer", "name", "rep0", "netns", b);
        ip("-n", a, "addr", "add", topo.replicationAddress("hostA") + "/24", "dev", "rep0");
        ip("-n", b, "addr", "add", topo.replicationAddress("hostB") + "/24", "dev", "rep0");
        ip("-n", a, "link", "set", "rep0", "up");
        ip("-n", b, "link", "set", "rep0", "up");
        progress.accept("management network " + topo.mgmtBridge() + " " + topo.consoleAddress() + "/24");
        ip("link", "add", topo.mgmtBridge(), "type", "bridge");
        ip("addr", "add", topo.consoleAddress() + "/24", "dev", topo.mgmtBridge());
        ip("link", "set", topo.mgmtBridge(), "up");
        for (String h : LabTopology.HOSTS) {
            String ns = topo.namespace(h);
            ip("link", "add", topo.mgmtVeth(h), "type", "veth", "peer", "name", "mgmt0", "netns", ns);
            ip("link", "set", topo.mgmtVeth(h), "master", topo.mgmtBridge(), "up");
            ip("-n", ns, "addr", "add", topo.mgmtAddress(h) + "/24", "dev", "mgmt0");
            ip("-n", ns, "link", "set", "mgmt0", "up");
        }
        for (String h : LabTopology.HOSTS) {
            startSshd(h, progress);
        }
        progress.accept("two-host lab " + topo.prefix() + " is up");
    }

    /**
     * The cgroup (v2) a lab host's processes live in: its sshd is started there, so QEMU and every
     * session inherit it, and the lab's fence agent powers the host off with {@code cgroup.kill}
     * (as a power cut: all at once, nothing can fork away). Hybrid or unified hierarchy.
     */
    public Path cgroup(String host) {
        Path root = Files.isRegularFile(Path.of("/sys/fs/cgroup/unified/cgroup.procs"))
                ? Path.of("/sys/fs/cgroup/unified/colo-lab") : Path.of("/sys/fs/cgroup/colo-lab");
        return root.resolve(topo.namespace(host));
    }

    /** Removes everything the lab created, by name: its processes (QEMU, sshd), namespaces, links and cgroups. */
    public void down(Consumer<String> progress) {
        for (String ns : namespacesPresent()) {
            if (topo.namespaces().contains(ns)) {
                killAll(ns);
            }
        }
        for (String h : LabTopology.HOSTS) {
            killCgroup(h);
        }
        removeCgroups(progress);
        for (String ns : namespacesPresent()) {
            if (topo.namespaces().contains(ns)) {
                local.run(Command.of("ip", "netns", "del", ns));
                progress.accept("deleted namespace " + ns);
            }
        }
        for (String link : rootLinks()) {
            local.run(Command.of("ip", "link", "del", link));
            progress.accept("deleted link " + link);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!leftovers().isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000_000L);
            removeCgroups(progress); // a killed process leaves its cgroup only once reaped
        }
        if (!leftovers().isEmpty()) {
            throw new IllegalStateException("the lab could not be removed completely: " + leftovers());
        }
    }

    /** What of this lab exists now: namespaces and links in this namespace, by name. */
    public List<String> leftovers() {
        List<String> out = new ArrayList<>();
        for (String ns : namespacesPresent()) {
            if (topo.namespaces().contains(ns)) {
                out.add("netns " + ns);
            }
        }
        for (String l : rootLinks()) {
            out.add("link " + l);
        }
        for (String h : LabTopology.HOSTS) {
            if (Files.isDirectory(cgroup(h))) {
                out.add("cgroup " + cgroup(h));
            }
        }
        return out;
    }

    /**
     * Powers a host off as a power cut would: every process in its namespace dies at once (QEMU,
     * sshd and all sessions). The network stays, as a switch port stays when a server dies.
     */
    public List<Long> powerOff(String host) {
        List<Long> killed = new ArrayList<>(cgroupPids(host));
        killCgroup(host);
        for (long pid : killAll(topo.namespace(host))) {
            if (!killed.contains(pid)) {
                killed.add(pid);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!pids(topo.namespace(host)).isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
        return killed;
    }

    /**
     * A power cut as the network sees it too: every process dies ({@link #powerOff}) and the host's
     * links lose carrier, so nothing answers for it, not even a TCP reset. Its neighbours wait out
     * their timeouts as they would for a real dead server. {@link #powerOn} brings the links back.
     */
    public List<Long> powerCut(String host) {
        List<Long> killed = powerOff(host);
        cut.add(host);
        for (List<String> link : links(host)) {
            List<String> argv = new ArrayList<>(link);
            argv.add("down");
            ip(argv.toArray(String[]::new));
        }
        return killed;
    }

    /** Hosts whose links {@link #powerCut} took down (this lab object's own record). */
    private final java.util.Set<String> cut = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The far ends of a host's links (each as ip's arguments up to "set dev X"), and its own replication link. */
    private List<List<String>> links(String host) {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("link", "set", "dev", topo.mgmtVeth(host)));
        if (host.equals("hostA") || host.equals("hostB")) {
            out.add(List.of("-n", topo.switchNamespace(), "link", "set", "dev", host.equals("hostA") ? "sw-a" : "sw-b"));
            out.add(List.of("-n", topo.namespace(host), "link", "set", "dev", "rep0"));
        }
        return out;
    }

    /** Powers a host on again: its links up (after a {@link #powerCut}), its sshd started (what a booted server offers). */
    public void powerOn(String host, Consumer<String> progress) {
        // Only a host whose links a power cut took down gets them back: the others were never touched.
        if (cut.remove(host)) {
            for (List<String> link : links(host)) {
                List<String> argv = new ArrayList<>(link);
                argv.add("up");
                ip(argv.toArray(String[]::new));
            }
        }
        if (!sshdAnswers(host)) {
            startSshd(host, progress);
        }
    }

    /** Cuts (or restores) the replication link between hostA and hostB, as a pulled cable would. */
    public void cutReplicationLink(boolean cut) {
        ip("-n", topo.namespace("hostA"), "link", "set", "rep0", cut ? "down" : "up");
    }

    /** The pids of the processes in a namespace of this lab. */
    public List<Long> pids(String namespace) {
        CommandResult r = local.run(Command.of("ip", "netns", "pids", namespace));
        List<Long> out = new ArrayList<>();
        if (!r.ok()) {
            return out;
        }
        for (String line : r.stdout().split("\n")) {
            if (line.strip().matches("\\d+")) {
                out.add(Long.parseLong(line.strip()));
            }
        }
        return out;
    }

    private List<Long> killAll(String namespace) {
        List<Long> pids = pids(namespace);
        for (long pid : pids) {
            if (pid > 1) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        return pids;
    }

    /** Removes the hosts' cgroups that are empty (rmdir refuses one with a process left). */
    private void removeCgroups(Consumer<String> progress) {
        for (String h : LabTopology.HOSTS) {
            if (Files.isDirectory(cgroup(h)) && cgroupPids(h).isEmpty()
                    && local.run(Command.of("rmdir", cgroup(h).toString())).ok()) {
                progress.accept("deleted cgroup " + cgroup(h));
            }
        }
    }

    /** The processes in a lab host's cgroup. */
    private List<Long> cgroupPids(String host) {
        List<Long> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(cgroup(host).resolve("cgroup.procs"))) {
                if (line.strip().matches("\\d+")) {
                    out.add(Long.parseLong(line.strip()));
                }
            }
        } catch (IOException e) {
            // no cgroup: nothing in it
            LOG.debug("lab cgroup unreadable (gone): {}", e.toString());
        }
        return out;
    }

    private void killCgroup(String host) {
        Path kill = cgroup(host).resolve("cgroup.kill");
        if (Files.isRegularFile(kill)) {
            try {
                Files.writeString(kill, "1");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot power off lab host " + host + " through " + kill, e);
            }
        }
    }

    private void startSshd(String host, Consumer<String> progress) {
        Path dir = topo.hostDir(host);
        Path config = dir.resolve("sshd_config");
        write(config, "# sshd of lab host " + host + " (namespace " + topo.namespace(host) + "), written by coloctl lab-setup\n"
                + sshdConfig(topo.mgmtAddress(host) + ":22", dir.resolve("ssh_host_ed25519_key"), dir.resolve("sshd.pid"),
                topo.stateDir().resolve("authorized_keys")));
        local.check(Command.of("mkdir", "-p", "/run/sshd"));
        local.check(Command.of("mkdir", "-p", cgroup(host).toString()));
        // The shell joins the host's cgroup, then becomes ip, then the host's init (its own /run,
        // /dev/shm, cluster-stack dirs: host-init.sh), then sshd: every child (sessions, QEMU,
        // Pacemaker) is in it. Joined before entering the namespace: ip netns exec mounts a /sys
        // without cgroups.
        String ocf = ocfAgentDir().map(Path::toString).orElse("");
        local.check(Command.of("sh", "-c", "echo $$ > \"$1/cgroup.procs\" && shift && exec ip netns exec \"$@\"",
                "sh", cgroup(host).toString(), topo.namespace(host), "sh", "-c", HOST_INIT, "host-init", dir.toString(), ocf,
                "/usr/sbin/sshd", "-f", config.toString(), "-E", dir.resolve("sshd.log").toString()));
        long deadline = System.nanoTime() + SSHD_START.toNanos();
        while (!sshdAnswers(host)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the sshd of lab host " + host + " does not answer on "
                        + topo.mgmtAddress(host) + ":22 after " + SSHD_START.toSeconds() + " s (log: "
                        + dir.resolve("sshd.log") + ")");
            }
            LockSupport.parkNanos(50_000_000L);
        }
        progress.accept("sshd of " + host + " on " + topo.mgmtAddress(host) + ":22 (namespace " + topo.namespace(host) + ")");
    }

    /**
     * An sshd configuration for a lab or test host: keys only, root by key, TCP and UNIX-socket
     * forwarding (QMP and the service probe go through it), room for many sessions.
     */
    public static String sshdConfig(String listen, Path hostKey, Path pidFile, Path authorizedKeys) {
        return String.join("\n",
                "ListenAddress " + listen,
                "HostKey " + hostKey,
                "PidFile " + pidFile,
                "AuthorizedKeysFile " + authorizedKeys,
                "UsePAM no",
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "AllowTcpForwarding yes",
                "AllowStreamLocalForwarding yes",
                "X11Forwarding no",
                "PrintMotd no",
                "MaxSessions 200",
                "MaxStartups 200",
                "LogLevel ERROR",
                // Commands run without the account's ~/.bashrc (bash skips it below SHLVL 2): an
                // interactive setup has no business in a host's commands, and one seen here hangs
                // them all (pyenv's rehash lock, left behind when a power-off killed a session mid-way).
                "SetEnv SHLVL=1",
                "");
    }

    private boolean sshdAnswers(String host) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(topo.mgmtAddress(host), 22), 300);
            return true;
        } catch (IOException e) {
            LOG.trace("lab sshd of {} not answering yet: {}", host, e.toString());
            return false;
        }
    }

    /**
     * The OCF agent as this lab's hosts see it (host-init.sh mounts it where Pacemaker looks): the
     * checkout's agent, its coloctl the lab's launcher {@code STATE/coloctl} (the checkout's
     * coloctl.sh, or the installed /usr/bin/coloctl; a test puts its own there). Empty when no
     * agent is found (an installed console: the .deb put the agent in place).
     */
    private java.util.Optional<Path> ocfAgentDir() {
        java.util.Optional<Path> src = LabSetup.findOcfAgentDir();
        if (src.isEmpty()) {
            return src;
        }
        Path dir = topo.stateDir().resolve("ocf");
        Path launcher = topo.stateDir().resolve("coloctl");
        try {
            if (!Files.exists(launcher)) {
                Path checkout = src.get().resolveSibling("coloctl.sh");
                String target = Files.isRegularFile(checkout) ? checkout.toString() : "/usr/bin/coloctl";
                Files.writeString(launcher, "#!/bin/sh\n# coloctl on the lab's hosts (the OCF agent runs it)\nexec '"
                        + target.replace("'", "'\\''") + "' \"$@\"\n");
                launcher.toFile().setExecutable(true, false);
            }
            Files.createDirectories(dir);
            String agent = Files.readString(src.get().resolve("colo"));
            String line = "COLOCTL=${OCF_RESKEY_coloctl:-${COLOCTL:-/usr/bin/coloctl}}";
            if (!agent.contains(line)) {
                throw new IllegalStateException("the OCF agent " + src.get().resolve("colo") + " has no line " + line);
            }
            if (!launcher.toString().matches("[A-Za-z0-9/._+-]+")) {
                // It goes into the agent's text as a shell default: only characters the shell takes as they are.
                throw new IllegalStateException("the lab's state dir " + topo.stateDir() + " has characters the OCF agent's "
                        + "shell text cannot hold as they are; use a plain path (letters, digits, / . _ + -)");
            }
            // Every host's sshd start comes here while the other host's Pacemaker may be running this
            // very file: rewriting it in place made an exec fail there ("unable to execute file"), a
            // monitor error on the promoted node, and Pacemaker stopped the only copy of the guest.
            // So: unchanged, it is left alone; changed, a new file is renamed over it.
            String text = agent.replace(line, line.replace("/usr/bin/coloctl", launcher.toString()));
            Path colo = dir.resolve("colo");
            if (!Files.isRegularFile(colo) || !Files.readString(colo).equals(text) || !Files.isExecutable(colo)) {
                Path tmp = dir.resolve(".colo.tmp");
                Files.writeString(tmp, text);
                tmp.toFile().setExecutable(true, false);
                Files.move(tmp, colo, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the OCF agent in " + dir, e);
        }
        return java.util.Optional.of(dir);
    }

    /** Host keys and the operator's key, made once; known_hosts and authorized_keys from them. */
    private void keys(Consumer<String> progress) {
        try {
            Files.createDirectories(topo.stateDir());
            for (String h : LabTopology.HOSTS) {
                Files.createDirectories(topo.hostDir(h));
                Files.createDirectories(topo.workDir(h));
                Path key = topo.hostDir(h).resolve("ssh_host_ed25519_key");
                if (!Files.exists(key)) {
                    local.check(Command.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "lab " + h, "-f", key.toString()));
                }
            }
            if (!Files.exists(topo.identity())) {
                progress.accept("a key for the console: " + topo.identity());
                local.check(Command.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "colo-console lab operator",
                        "-f", topo.identity().toString()));
            }
            Files.writeString(topo.stateDir().resolve("authorized_keys"), Files.readString(Path.of(topo.identity() + ".pub")));
            StringBuilder known = new StringBuilder();
            for (String h : LabTopology.HOSTS) {
                String[] pub = Files.readString(topo.hostDir(h).resolve("ssh_host_ed25519_key.pub")).strip().split(" ");
                known.append(topo.mgmtAddress(h)).append(' ').append(pub[0]).append(' ').append(pub[1]).append('\n');
            }
            Files.writeString(topo.knownHosts(), known.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lab's keys under " + topo.stateDir(), e);
        }
    }

    /** qemu-bridge-helper refuses bridges its ACL does not name; the lab's guests use br0 in each host. */
    private void ensureBridgeConf(Consumer<String> progress) {
        Path conf = Path.of(BRIDGE_CONF);
        try {
            String text = Files.exists(conf) ? Files.readString(conf) : "";
            if (!text.lines().map(String::strip).toList().contains("allow br0")) {
                Files.createDirectories(conf.getParent());
                Files.writeString(conf, text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n")
                        + "# qemu-bridge-helper may attach taps to br0 (the COLO Console lab's host bridges)\nallow br0\n");
                progress.accept("allowed br0 in " + BRIDGE_CONF);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot allow br0 in " + BRIDGE_CONF, e);
        }
    }

    private List<String> namespacesPresent() {
        CommandResult r = local.run(Command.of("ip", "netns", "list"));
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                out.add(line.strip().split(" ")[0]);
            }
        }
        return out;
    }

    /** This lab's links in the console's namespace: the management bridge and veth ends. */
    private List<String> rootLinks() {
        CommandResult r = local.run(Command.of("ip", "-o", "link", "show"));
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length > 1) {
                String name = f[1].split("@")[0];
                if (name.equals(topo.mgmtBridge()) || name.startsWith(topo.prefix() + "-m-")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private void ip(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("ip");
        argv.addAll(List.of(args));
        local.check(Command.of(argv));
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String resource(String name) {
        try (var in = LabNetwork.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + LabNetwork.class.getName());
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
