package org.coloconsole.engine.lab;

import java.nio.file.Path;
import java.util.List;
import org.coloconsole.engine.cluster.ClusterProfile;
import org.coloconsole.engine.cluster.ProfileLoader;

/**
 * The built-in default, the lab pair on this machine, in one of two forms:
 * <ul>
 * <li>the <b>two-host lab</b> (as root): hostA and hostB are network namespaces with their own
 * sshd, reached over SSH like any remote host, the guests on a real L2 segment through tap
 * networking, as the seed runs COLO (see {@code org.coloconsole.engine.lab.LabTopology});</li>
 * <li>the <b>loopback lab</b> (the fallback where namespaces are impossible): primary on 127.0.0.1,
 * secondary on 127.0.0.2, both local, user networking with host forwards. A client's connection
 * lives inside the primary's QEMU there, so it cannot survive a failover.</li>
 * </ul>
 * Both boot the lab guest that installers/lab/build-lab.sh builds, under TCG. Each is an ordinary
 * profile document, so an operator can save it and edit it.
 */
public final class LabProfile {
    private LabProfile() {
    }

    /** Lab assets (vmlinuz, initrd.cpio.gz, colo-tcg-shim.so): the user's cache by default. */
    public static Path defaultAssets() {
        String cache = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        return Path.of(cache, "colo-console", "lab");
    }

    /** Where the lab pair keeps its disks, sockets and logs. */
    public static Path defaultPairDir() {
        String cache = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        return Path.of(cache, "colo-console", "lab-pair");
    }

    /** The built-in default: the two-host lab where this machine can run it, else the loopback lab. */
    public static ClusterProfile profile() {
        return twoHostPossible() ? twoHost(org.coloconsole.engine.lab.LabTopology.standard(), defaultAssets())
                : profile(defaultAssets(), defaultPairDir());
    }

    /** Which lab the built-in default is, in words for the console and coloctl. */
    public static String describeBuiltIn() {
        String why = org.coloconsole.engine.lab.LabNetwork.unsupportedReason();
        var t = org.coloconsole.engine.lab.LabTopology.standard();
        return why == null ? "two-host lab: " + t.namespace("hostA") + " and " + t.namespace("hostB")
                + " (network namespaces, reached over SSH at " + t.mgmtAddress("hostA") + " and " + t.mgmtAddress("hostB") + ")"
                : "loopback lab (fallback: " + why + ")";
    }

    private static boolean twoHostPossible() {
        return org.coloconsole.engine.lab.LabNetwork.unsupportedReason() == null;
    }

    public static ClusterProfile twoHost(org.coloconsole.engine.lab.LabTopology topo, Path assets) {
        return ProfileLoader.parse("(built-in two-host lab profile)", twoHostYaml(topo, assets,
                org.coloconsole.engine.lab.LabSetup.findFenceAgent().orElse(null)));
    }

    /**
     * The two-host lab pair: hostA primary, hostB secondary, over SSH with the lab's key and
     * known_hosts, tap networking with the same guest MAC on both, the replication link for the
     * proxy, migration and NBD. {@code fenceAgent} (installers/lab/fence_colo_lab) powers a host
     * off through its cgroup, each node with its own plug; null: no fence (the operator confirms).
     */
    public static String twoHostYaml(org.coloconsole.engine.lab.LabTopology topo, Path assets, Path fenceAgent) {
        return "# COLO Console: the two-host lab (built-in default). Hosts are network namespaces; see coloctl lab-setup.\n"
                + "pairs:\n"
                + "  - name: lab\n"
                + "    checkpointDelayMs: 2000\n"
                + "    probe:                 # what a client sees: one open connection from the client namespace\n"
                + "      kind: echo\n"
                + "      address: " + org.coloconsole.engine.lab.LabTopology.GUEST_ADDRESS + "\n"
                + "      port: " + org.coloconsole.engine.lab.LabTopology.GUEST_ECHO_PORT + "\n"
                + "      intervalMs: 100\n"
                + "      host: ssh://root@" + topo.mgmtAddress("client") + ":22\n"
                + "      identity: " + topo.identity() + "\n"
                + "      knownHosts: " + topo.knownHosts() + "\n"
                + "    drill:                 # the failover drill's objectives; its data check: the guest's durable writes\n"
                + "      maxClientGapMs: 5000\n"
                + "      maxToProtectedMs: 600000\n"
                + "      durableWritesPort: " + org.coloconsole.engine.lab.LabTopology.GUEST_DURABLE_PORT + "\n"
                + twoHostNode("primary", "hostA", topo, assets) + hostFence(topo, "hostA", fenceAgent)
                + twoHostNode("secondary", "hostB", topo, assets) + hostFence(topo, "hostB", fenceAgent);
    }

    /** A lab host's own fence: the lab agent with that host as its plug (a power cut of its cgroup). */
    private static String hostFence(org.coloconsole.engine.lab.LabTopology topo, String host, Path agent) {
        if (agent == null) {
            return "";
        }
        return "      fence:             # powers " + host + " off (every process of it), then verified\n"
                + "        agent: " + agent + "\n"
                + "        options: {plug: " + topo.namespace(host) + "}\n"
                + "        timeoutMs: 20000\n";
    }

    private static String twoHostNode(String role, String host, org.coloconsole.engine.lab.LabTopology topo, Path assets) {
        return """
                    %1$s:
                      host: ssh://root@%2$s:22
                      identity: %3$s
                      knownHosts: %4$s
                      replicationAddress: %5$s
                      accelerator: tcg
                      memory: 128M
                      image: %6$s
                      workDir: %7$s
                      portBase: 9001
                      network:
                        type: tap
                        bridgeHelper: %8$s
                        mac: "%9$s"
                      boot:
                        kernel: %10$s/vmlinuz
                        initrd: %10$s/initrd.cpio.gz
                        append: console=ttyS0 quiet panic=-1
                      tcgShim: %10$s/colo-tcg-shim.so
                """.formatted(role, topo.mgmtAddress(host), topo.identity(), topo.knownHosts(), topo.replicationAddress(host),
                topo.disk(host), topo.workDir(host), org.coloconsole.engine.lab.LabTopology.BRIDGE_HELPER,
                org.coloconsole.engine.lab.LabTopology.GUEST_MAC, assets);
    }

    public static ClusterProfile profile(Path assets, Path pairDir) {
        return ProfileLoader.parse("(built-in lab profile)", yaml(assets, pairDir));
    }

    /** The loopback lab pair (the fallback where the two-host lab cannot run). */
    public static String yaml(Path assets, Path pairDir) {
        return yaml(assets, pairDir, null);
    }

    /**
     * The loopback lab pair; with {@code fenceAgent} (installers/lab/fence_colo_lab) each node
     * gets a process-level fence: both "hosts" are this machine, so fencing a node kills its QEMU
     * (named by its pid file, its command line checked) and cannot power anything off.
     */
    public static String yaml(Path assets, Path pairDir, Path fenceAgent) {
        return "# COLO Console: the loopback lab pair (built-in fallback).\n"
                + "pairs:\n"
                + "  - name: lab\n"
                + "    checkpointDelayMs: 2000\n"
                + node("primary", "127.0.0.1", List.of(18080, 18082, 18083, 18084), assets, pairDir)
                + processFence(pairDir.resolve("primary"), fenceAgent)
                + node("secondary", "127.0.0.2", List.of(18081, 18085, 18086, 18087), assets, pairDir)
                + processFence(pairDir.resolve("secondary"), fenceAgent);
    }

    private static String processFence(Path workDir, Path agent) {
        if (agent == null) {
            return "";
        }
        return "      fence:\n"
                + "        agent: " + agent + "\n"
                + "        options: {pidfile: " + workDir.resolve("qemu.pid") + ", expect: " + workDir.resolve("qmp.sock") + "}\n"
                + "        level: process\n"
                + "        timeoutMs: 10000\n";
    }

    /**
     * One lab node: both share the machine, so they differ in replication address, work dir and
     * host forwards (of the guest's HTTP 80, echo 7, uptime 8 and disk counter 9).
     */
    private static String node(String role, String address, List<Integer> forwards, Path assets, Path pairDir) {
        int[] guestPorts = {80, 7, 8, 9};
        StringBuilder fw = new StringBuilder();
        for (int i = 0; i < guestPorts.length; i++) {
            fw.append(i == 0 ? "" : ", ").append("127.0.0.1:").append(forwards.get(i)).append("-:").append(guestPorts[i]);
        }
        return """
                    %1$s:
                      host: local
                      replicationAddress: %2$s
                      accelerator: tcg
                      memory: 128M
                      image: %3$s/%1$s/disk.qcow2
                      workDir: %3$s/%1$s
                      portBase: 9001
                      network:
                        type: user
                        hostForwards: [%4$s]
                      boot:
                        kernel: %5$s/vmlinuz
                        initrd: %5$s/initrd.cpio.gz
                        append: console=ttyS0 quiet panic=-1
                      tcgShim: %5$s/colo-tcg-shim.so
                """.formatted(role, address, pairDir, fw, assets);
    }
}
