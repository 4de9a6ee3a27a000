package org.coloconsole.engine.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.LocalHost;

/**
 * The two-host lab as a Pacemaker cluster: hostA and hostB each run Corosync, corosync-qdevice and
 * Pacemaker (as systemd would start them on a real host), the client namespace runs corosync-qnetd
 * (the third host a two-node cluster needs for quorum), and Pacemaker fences a lab host with the
 * lab's fence agent, which powers it off through its cgroup. Every daemon is started inside the
 * host's namespaces and cgroup (so a power cut or a fence kills it with the host) and is reached
 * the same way; the host's own /etc/corosync and /var/lib/pacemaker come from host-init.sh.
 *
 * <p>Configuration is not made here: {@code coloctl cluster init} writes corosync.conf and loads
 * the CIB, as on real hosts. The lab only plays systemd.
 */
public final class LabPacemaker {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LabPacemaker.class);
    /** Where Pacemaker's fencer looks for fence agents. */
    static final Path FENCE_AGENT = Path.of("/usr/sbin/fence_colo_lab");
    public static final int QNETD_PORT = 5403;
    private static final Duration START = Duration.ofSeconds(20);

    private final LabNetwork net;
    private final LabTopology topo;
    private final LocalHost local = new LocalHost();

    public LabPacemaker(LabNetwork net) {
        this.net = net;
        this.topo = net.topology();
    }

    /** Why the lab cannot run Pacemaker here, or null (the packages dev-setup.sh installs). */
    public static String unsupportedReason() {
        for (String[] tool : new String[][] {{"/usr/sbin/corosync", "corosync"}, {"/usr/sbin/pacemakerd", "pacemaker"},
                {"/usr/sbin/corosync-qdevice", "corosync-qdevice"}, {"/usr/bin/corosync-qnetd", "corosync-qnetd"},
                {"/usr/sbin/cibadmin", "pacemaker-cli-utils"}}) {
            if (!Files.isExecutable(Path.of(tool[0]))) {
                return tool[0] + " is missing: apt-get install -y " + tool[1];
            }
        }
        return null;
    }

    /** The Corosync node name of a lab host (lower case: Pacemaker compares names without case). */
    public static String nodeName(String host) {
        return host.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The profile keys that put the lab pair under Pacemaker (indented for a pair): hostA and hostB
     * by their Corosync names on the replication link (so cutting it partitions the cluster while
     * both still reach qnetd over the management network), qnetd on the client host, TLS off.
     */
    public static String profileKeys(LabTopology topo, int tokenMs) {
        return "    pacemaker:\n"
                + "      clusterName: " + topo.prefix() + "-colo\n"
                + "      tokenMs: " + tokenMs + "\n"
                + "      primaryNode: " + nodeName("hostA") + "\n"
                + "      primaryRing: " + topo.replicationAddress("hostA") + "\n"
                + "      secondaryNode: " + nodeName("hostB") + "\n"
                + "      secondaryRing: " + topo.replicationAddress("hostB") + "\n"
                + "      qdevice: " + topo.mgmtAddress("client") + "\n"
                + "      qdevicePort: " + QNETD_PORT + "\n"
                + "      qdeviceTls: false\n";
    }

    /** Puts the lab's fence agent where Pacemaker's fencer finds agents (replaced when it changed). */
    public void installFenceAgent(Consumer<String> progress) {
        Path src = LabSetup.findFenceAgent().orElseThrow(() -> new IllegalStateException(
                "the lab's fence agent fence_colo_lab is not found (installers/lab)"));
        try {
            if (!Files.exists(FENCE_AGENT) || Files.mismatch(src, FENCE_AGENT) != -1) {
                Path tmp = FENCE_AGENT.resolveSibling(".fence_colo_lab.tmp");
                Files.copy(src, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                tmp.toFile().setExecutable(true, false);
                Files.move(tmp, FENCE_AGENT, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                progress.accept("installed the lab's fence agent as " + FENCE_AGENT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + FENCE_AGENT, e);
        }
    }

    /**
     * Seeds a host's CIB before its first start with what a lab wants at a cold start: a DC elected
     * after 2 s rather than 20 (the configuration proper comes from {@code coloctl cluster init}).
     */
    public void seedCib(String host) {
        Path cib = machine(host).resolve("lib-pacemaker/cib/cib.xml");
        if (Files.exists(cib)) {
            return;
        }
        try {
            Files.createDirectories(cib.getParent());
            Files.writeString(cib, """
                    <cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
                      <configuration>
                        <crm_config>
                          <cluster_property_set id="lab-options">
                            <nvpair id="lab-dc-deadtime" name="dc-deadtime" value="2s"/>
                            <nvpair id="lab-no-quorum-policy" name="no-quorum-policy" value="stop"/>
                          </cluster_property_set>
                        </crm_config>
                        <nodes/><resources/><constraints/>
                      </configuration>
                      <status/>
                    </cib>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seed the CIB of lab host " + host, e);
        }
        local.check(Command.of("chown", "-R", "hacluster:haclient", cib.getParent().toString()));
        local.check(Command.of("chmod", "600", cib.toString()));
    }

    /** corosync-qnetd on the client host (the quorum device), TLS off, on its management address. */
    public void startQnetd(Consumer<String> progress) {
        if (running("client", "corosync-qnetd")) {
            return;
        }
        detached("client", "qnetd.log", List.of("/usr/bin/corosync-qnetd", "-f", "-s", "off", "-l", topo.mgmtAddress("client"),
                "-p", Integer.toString(QNETD_PORT)));
        progress.accept("corosync-qnetd on client " + topo.mgmtAddress("client") + ":" + QNETD_PORT);
    }

    /**
     * Starts Corosync, corosync-qdevice and Pacemaker on a host whose corosync.conf is written
     * ({@code coloctl cluster init}), as systemd would at boot. Waits until Corosync answers.
     */
    public void startStack(String host, Consumer<String> progress) {
        if (!Files.exists(machine(host).resolve("etc-corosync/corosync.conf"))) {
            throw new IllegalStateException("lab host " + host + " has no corosync.conf yet (coloctl cluster init writes it)");
        }
        seedCib(host);
        if (!running(host, "corosync")) {
            detached(host, "corosync.out", List.of("/usr/sbin/corosync", "-f"));
        }
        long deadline = System.nanoTime() + START.toNanos();
        while (!inHost(host, List.of("corosync-cfgtool", "-s")).ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Corosync on lab host " + host + " does not answer after " + START.toSeconds()
                        + " s: " + tail(topo.hostDir(host).resolve("corosync.out")));
            }
            LockSupport.parkNanos(100_000_000L);
        }
        if (!running(host, "corosync-qdevice")) {
            detached(host, "qdevice.out", List.of("/usr/sbin/corosync-qdevice", "-f"));
        }
        if (!running(host, "pacemakerd")) {
            detached(host, "pacemakerd.out", List.of("env", "PCMK_logfile=/var/log/pacemaker/pacemaker.log",
                    "PCMK_logfacility=none", "/usr/sbin/pacemakerd"));
        }
        progress.accept("Corosync, corosync-qdevice and Pacemaker started on " + host);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    /** Runs a command inside a lab host, as a session on it would (its namespaces), to its end. */
    public CommandResult inHost(String host, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(sshdPid(host)), "-n", "-m", "--"));
        cmd.addAll(argv);
        return local.run(Command.of(cmd).withTimeout(Duration.ofSeconds(30)));
    }

    /** The host's own machine dir (host-init.sh): its /etc/corosync, /var/lib/pacemaker, logs. */
    public Path machine(String host) {
        return topo.hostDir(host).resolve("machine");
    }

    /** Whether a daemon of this name runs on the host (by its process name, among the host's own processes). */
    private boolean running(String host, String comm) {
        for (long pid : net.pids(topo.namespace(host))) {
            try {
                if (Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals(comm)) {
                    return true;
                }
            } catch (IOException e) {
                LOG.trace("process {} gone while listing lab host {}: {}", pid, host, e.toString());
            }
        }
        return false;
    }

    /** A daemon started in the host's namespaces and cgroup, its output in the host's dir. */
    private void detached(String host, String log, List<String> argv) {
        // A clean environment, as systemd gives its services: nothing of the caller's leaks in
        // (a test's XDG_STATE_HOME would give both hosts' agents one pair lock).
        List<String> cmd = new ArrayList<>(List.of("sh", "-c",
                "echo $$ > \"$1/cgroup.procs\" && p=$2 && shift 2 && exec nsenter -t \"$p\" -n -m -- setsid \"$@\"", "sh",
                net.cgroup(host).toString(), Long.toString(sshdPid(host)), "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME=/root", "LANG=C.UTF-8"));
        cmd.addAll(argv);
        local.startDetached(cmd, topo.hostDir(host).resolve(log).toString());
    }

    /** The pid of the host's sshd: its "init", whose namespaces every session of the host shares. */
    private long sshdPid(String host) {
        Path pidFile = topo.hostDir(host).resolve("sshd.pid");
        Optional<String> text = Optional.empty();
        try {
            text = Optional.of(Files.readString(pidFile).strip());
        } catch (IOException e) {
            LOG.debug("no sshd pid for lab host {}: {}", host, e.toString());
        }
        return text.filter(t -> t.matches("\\d+")).map(Long::parseLong).filter(p -> ProcessHandle.of(p).isPresent())
                .orElseThrow(() -> new IllegalStateException("lab host " + host + " is off (no sshd: " + pidFile + ")"));
    }
}
