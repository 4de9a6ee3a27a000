package org.coloconsole.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.lab.LabNetwork;
import org.coloconsole.engine.lab.LabSetup;
import org.coloconsole.engine.lab.LabTopology;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.remote.ssh.SshTarget;
import org.coloconsole.engine.runbook.Hosts;
import org.coloconsole.engine.runbook.Journal;

/**
 * A two-host lab of the test's own (its own prefix and management net, so an operator's lab on
 * the same machine is never touched), with the lab pair's profile, fresh disks, and a way into
 * the client namespace. Closing it removes every namespace, link and process of it, and checks.
 */
public final class TwoHostLab implements AutoCloseable {
    private static final Pattern MARKER = Pattern.compile("COLO-LAB-BOOT-MARKER (BOOT [0-9a-f]+)");
    public final LabTopology topo;
    public final LabNetwork net;
    public final PairSpec pair;
    public final Path profile;
    public final SshConnector ssh = new SshConnector(null);
    private final Thread cleanup = new Thread(() -> new LabNetwork(topo()).down(line -> { }), "two-host lab cleanup");

    private LabTopology topo() {
        return topo;
    }

    private TwoHostLab(LabTopology topo, Path profile, PairSpec pair) {
        this.topo = topo;
        this.net = new LabNetwork(topo);
        this.profile = profile;
        this.pair = pair;
    }

    /**
     * Brings up a lab named {@code prefix} on management net {@code mgmtNet} (three octets) with
     * {@code extraPairKeys} added to the pair (indented by four spaces).
     */
    public static TwoHostLab start(String prefix, String mgmtNet, String extraPairKeys) throws IOException {
        return start(prefix, mgmtNet, extraPairKeys, true);
    }

    /** The same, with or without the lab's fence in the profile (without: the operator confirms a failover). */
    public static TwoHostLab start(String prefix, String mgmtNet, String extraPairKeys, boolean fence) throws IOException {
        return start(prefix, mgmtNet, extraPairKeys, fence, (topo, yaml) -> yaml);
    }

    /** The same, with the profile edited before it is loaded (given the topology and the YAML). */
    public static TwoHostLab start(String prefix, String mgmtNet, String extraPairKeys, boolean fence,
                                   java.util.function.BiFunction<LabTopology, String, String> edit) throws IOException {
        String why = LabNetwork.unsupportedReason();
        if (why != null) {
            throw new AssertionError("the two-host lab cannot run here: " + why
                    + " (run the tests as root after installers/dev-setup.sh)");
        }
        Path assets = LabFixture.assets();
        Path state = Files.createTempDirectory("colo-lab-" + prefix + "-");
        LabTopology topo = new LabTopology(prefix, mgmtNet, state);
        String yaml = LabProfile.twoHostYaml(topo, assets, fence ? LabFixture.repoRoot().resolve("installers/lab/fence_colo_lab") : null)
                .replace("    checkpointDelayMs: 2000\n", "    checkpointDelayMs: 2000\n" + extraPairKeys);
        Path profile = state.resolve("lab.yaml");
        Files.writeString(profile, edit.apply(topo, yaml));
        TwoHostLab lab = new TwoHostLab(topo, profile, ProfileLoader.load(profile).pair("lab").orElseThrow());
        // A run that is killed (a CI timeout, Ctrl+C) still removes its lab.
        Runtime.getRuntime().addShutdownHook(lab.cleanup);
        try {
            lab.net.up(line -> { });
            LabSetup.createDisks(new LocalHost(), lab.pair, true, line -> { });
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** A console's controller of the pair (journal in the lab's state dir), started. */
    public PairController controller(Duration poll) {
        return new PairController(pair, n -> Hosts.open(n.host(), ssh), new Journal(topo.stateDir().resolve("journal.jsonl")),
                poll, 100_000).withProbeHosts(a -> Hosts.open(a, ssh)).start();
    }

    /** The client namespace, reached over its sshd like any named host. */
    public Host client() {
        return ssh.host(new SshTarget("root", topo.mgmtAddress("client"), 22, List.of(topo.identity()), topo.knownHosts()));
    }

    /** GET / of the guest's HTTP service from the client namespace, as a client would (bounded retry: 20 × 0.5 s). */
    public String httpGet() {
        String last = "";
        for (int i = 0; i < 20; i++) {
            try (Host c = client(); org.coloconsole.engine.remote.Tunnel t = c.tunnelToPort(LabTopology.GUEST_ADDRESS,
                    LabTopology.GUEST_HTTP_PORT); java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                    t.endpoint().socketAddress())) {
                ch.write(java.nio.ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                // Our EOF lets the SSH channel close once the server closed its side (sshd waits for both).
                ch.shutdownOutput();
                // A held answer must not hang the test: the channel is closed after 5 s.
                java.util.concurrent.CompletableFuture.delayedExecutor(5, java.util.concurrent.TimeUnit.SECONDS).execute(() -> {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // closed already
                    }
                });
                String answer = new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
                if (!answer.isEmpty()) {
                    return answer;
                }
            } catch (IOException | RuntimeException e) {
                last = e.getMessage();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
        }
        throw new AssertionError("no HTTP answer from the guest via the client namespace: " + last);
    }

    /** The pid of a lab host's QEMU, from its pid file (the hosts share this machine's file system). */
    public long qemuPid(String host) throws IOException {
        return Long.parseLong(Files.readString(topo.workDir(host).resolve("qemu.pid")).strip());
    }

    /** SIGKILL of a lab host's QEMU (only it: the host stays up). */
    public void killQemu(String host) throws IOException {
        long pid = qemuPid(host);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Waits.until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), Duration.ofSeconds(10),
                "QEMU pid " + pid + " on " + host + " to die");
    }

    /** The boot marker the guest printed on the primary's console at its (only) boot. */
    public String bootMarker(NodeSpec bootedOn) throws IOException {
        String serial = Files.readString(Path.of(bootedOn.serialLog()), StandardCharsets.UTF_8);
        Matcher m = MARKER.matcher(serial);
        if (!m.find()) {
            throw new AssertionError("no boot marker on the console of " + bootedOn.workDir() + ":\n" + serial);
        }
        return m.group(1);
    }

    /** What an engineer would look at when the guest went quiet: the switch, the client's ARP, both consoles. */
    public String diagnostics() {
        StringBuilder b = new StringBuilder();
        LocalHost h = new LocalHost();
        for (List<String> cmd : List.of(List.of("bridge", "-n", topo.switchNamespace(), "fdb", "show", "br", "sw0"),
                List.of("ip", "-n", topo.namespace("client"), "neigh"),
                List.of("ip", "-n", topo.namespace("hostA"), "-br", "link"),
                List.of("ip", "-n", topo.namespace("hostB"), "-br", "link"),
                List.of("tail", "-n", "15", topo.workDir("hostA").resolve("serial.log").toString()),
                List.of("tail", "-n", "15", topo.workDir("hostB").resolve("serial.log").toString()),
                List.of("tail", "-n", "15", topo.workDir("hostA").resolve("qemu.log").toString()),
                List.of("tail", "-n", "15", topo.workDir("hostB").resolve("qemu.log").toString()))) {
            try {
                var r = h.run(org.coloconsole.engine.remote.Command.of(cmd));
                b.append("\n$ ").append(String.join(" ", cmd)).append('\n').append(r.stdout()).append(r.stderr());
            } catch (RuntimeException e) {
                b.append("\n$ ").append(String.join(" ", cmd)).append(": ").append(e.getMessage());
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // shutting down already: the hook does it
        }
        ssh.close();
        net.down(line -> { });
        List<String> left = net.leftovers();
        if (!left.isEmpty()) {
            throw new AssertionError("the lab left " + left);
        }
        // The test's own state dir (keys, disks, work dirs): created by this fixture, removed by it.
        new LocalHost().run(org.coloconsole.engine.remote.Command.of("rm", "-rf", "--", topo.stateDir().toString()));
    }
}
