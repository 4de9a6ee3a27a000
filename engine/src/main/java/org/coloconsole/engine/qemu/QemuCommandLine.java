package org.coloconsole.engine.qemu;

import org.coloconsole.engine.model.Role;

import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.cluster.Accelerator;
import org.coloconsole.engine.cluster.NetworkSpec;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.PortPlan;

/**
 * The QEMU command lines of COLO's two roles, built from the profile as argument lists. The
 * seed's command lines (QEMU's COLO-FT.txt) are the reference; the differences are deliberate:
 * listeners bind the node's replication address instead of 0.0.0.0; QMP is on UNIX sockets in
 * the node's work dir (a control and a monitor socket), never on a network port; a pid file and
 * a trace log are added. Under TCG the lab workarounds of COLO-FACTS §5 apply; with KVM none do.
 */
public final class QemuCommandLine {
    /** 256 KiB: a guest RAM size that is a multiple of this loses dirty pages under TCG. */
    private static final long TCG_BAD_RAM_MULTIPLE_KIB = 256;

    private QemuCommandLine() {
    }

    /** The node of {@code pair} that starts in each role, for Protect. */
    public static List<String> initialPrimary(PairSpec pair, boolean startPaused) {
        return build(pair, pair.primary(), Role.PRIMARY, pair.secondary(), startPaused);
    }

    public static List<String> initialSecondary(PairSpec pair) {
        return build(pair, pair.secondary(), Role.SECONDARY, pair.primary(), false);
    }

    /**
     * @param node        the node to start
     * @param role        the role it starts in
     * @param peer        the other node (the secondary connects to its proxy ports)
     * @param startPaused primary only: start with {@code -S}, as the seed does
     */
    public static List<String> build(PairSpec pair, NodeSpec node, Role role, NodeSpec peer, boolean startPaused) {
        List<String> a = new ArrayList<>();
        if (node.accelerator() == Accelerator.TCG && node.tcgShim() != null) {
            // Harmless on a secondary, and a secondary may later become the primary.
            a.addAll(List.of("env", "LD_PRELOAD=" + node.tcgShim()));
        }
        a.add(node.qemuBinary());
        if (node.accelerator() == Accelerator.KVM) {
            a.addAll(List.of("-enable-kvm", "-cpu", "qemu64,kvmclock=on"));
        } else {
            a.addAll(List.of("-accel", "tcg"));
        }
        a.addAll(List.of("-m", memory(node), "-smp", Integer.toString(node.cpus())));
        a.addAll(List.of("-name", pair.name() + "-" + role.label()));
        a.addAll(node.extraArgs());
        String mac = node.network() instanceof NetworkSpec.Tap t && t.mac() != null ? ",mac=" + t.mac() : "";
        a.addAll(List.of("-netdev", netdev(node.network()), "-device", node.nic() + ",id=e0,netdev=hn0" + mac));
        if (role == Role.PRIMARY) {
            primaryProxyAndDisk(a, pair, node);
        } else {
            secondaryProxyAndDisk(a, node, peer);
        }
        if (node.boot() != null) {
            a.addAll(List.of("-kernel", node.boot().kernel()));
            if (node.boot().initrd() != null) {
                a.addAll(List.of("-initrd", node.boot().initrd()));
            }
            a.addAll(List.of("-append", node.boot().append()));
            a.addAll(List.of("-nodefaults", "-vga", "none"));
        }
        a.addAll(List.of("-display", "none", "-serial", "file:" + node.serialLog(),
                "-qmp", "unix:" + opt(node.qmpSocket()) + ",server=on,wait=off",
                "-qmp", "unix:" + opt(node.monitorSocket()) + ",server=on,wait=off",
                "-qmp", "unix:" + opt(node.agentSocket()) + ",server=on,wait=off",
                "-pidfile", node.pidFile(), "-D", node.traceLog()));
        if (role == Role.PRIMARY && startPaused) {
            a.add("-S");
        }
        if (role == Role.SECONDARY) {
            a.addAll(List.of("-incoming", "tcp:" + node.replicationAddress() + ":" + node.ports().migration()));
        }
        return a;
    }

    private static void primaryProxyAndDisk(List<String> a, PairSpec pair, NodeSpec node) {
        PortPlan p = node.ports();
        String addr = node.replicationAddress();
        a.addAll(List.of(
                "-chardev", "socket,id=mirror0,host=" + addr + ",port=" + p.mirror() + ",server=on,wait=off",
                // wait=on: the primary blocks here until the secondary connects.
                "-chardev", "socket,id=compare1,host=" + addr + ",port=" + p.compare1() + ",server=on,wait=on",
                "-chardev", "socket,id=compare0,host=127.0.0.1,port=" + p.compare0() + ",server=on,wait=off",
                "-chardev", "socket,id=compare0-0,host=127.0.0.1,port=" + p.compare0(),
                "-chardev", "socket,id=compare_out,host=127.0.0.1,port=" + p.compareOut() + ",server=on,wait=off",
                "-chardev", "socket,id=compare_out0,host=127.0.0.1,port=" + p.compareOut(),
                "-object", "filter-mirror,id=m0,netdev=hn0,queue=tx,outdev=mirror0",
                "-object", "filter-redirector,netdev=hn0,id=redire0,queue=rx,indev=compare_out",
                "-object", "filter-redirector,netdev=hn0,id=redire1,queue=rx,outdev=compare0",
                "-object", "iothread,id=iothread1",
                "-object", "colo-compare,id=comp0,primary_in=compare0-0,secondary_in=compare1,outdev=compare_out0,"
                        + "iothread=iothread1" + compareOptions(pair),
                "-drive", "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,"
                        + "children.0.file.filename=" + opt(node.image()) + ",children.0.driver=qcow2"));
    }

    private static void secondaryProxyAndDisk(List<String> a, NodeSpec node, NodeSpec peer) {
        PortPlan pp = peer.ports();
        String primaryAddr = peer.replicationAddress();
        a.addAll(List.of(
                "-chardev", "socket,id=red0,host=" + primaryAddr + ",port=" + pp.mirror() + ",reconnect=1",
                "-chardev", "socket,id=red1,host=" + primaryAddr + ",port=" + pp.compare1() + ",reconnect=1",
                "-object", "filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0",
                "-object", "filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1",
                "-object", "filter-rewriter,id=rew0,netdev=hn0,queue=all",
                "-drive", "if=none,id=parent0,file.filename=" + opt(node.image()) + ",driver=qcow2",
                "-drive", "if=none,id=childs0,driver=replication,mode=secondary,file.driver=qcow2,top-id=colo-disk0,"
                        + "file.file.filename=" + opt(node.activeImage()) + ",file.backing.driver=qcow2,"
                        + "file.backing.file.filename=" + opt(node.hiddenImage()) + ",file.backing.backing=parent0",
                "-drive", "if=ide,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0=childs0"));
    }

    /** QEMU's defaults (3000 ms, 1000 ms) are left implicit, as in the seed. */
    private static String compareOptions(PairSpec pair) {
        String s = "";
        if (pair.compareTimeoutMs() != 3000) {
            s += ",compare_timeout=" + pair.compareTimeoutMs();
        }
        if (pair.expiredScanCycleMs() != 1000) {
            s += ",expired_scan_cycle=" + pair.expiredScanCycleMs();
        }
        return s;
    }

    private static String netdev(NetworkSpec net) {
        if (net instanceof NetworkSpec.Tap t) {
            return "tap,id=hn0,vhost=off,helper=" + opt(t.bridgeHelper());
        }
        NetworkSpec.User u = (NetworkSpec.User) net;
        StringBuilder b = new StringBuilder("user,id=hn0");
        for (NetworkSpec.HostForward f : u.forwards()) {
            b.append(",hostfwd=tcp:").append(f.hostAddress()).append(':').append(f.hostPort()).append("-:").append(f.guestPort());
        }
        return b.toString();
    }

    /**
     * Guest RAM for {@code -m}. Under TCG a size that is a multiple of 256 KiB corrupts the
     * secondary's RAM (lost dirty pages, COLO-FACTS §5), so 8 KiB are added; KVM gets the size as is.
     */
    public static String memory(NodeSpec node) {
        long kib = node.memoryKiB();
        if (node.accelerator() == Accelerator.TCG && kib % TCG_BAD_RAM_MULTIPLE_KIB == 0) {
            return (kib + 8) + "K";
        }
        return kib % 1024 == 0 ? Long.toString(kib / 1024) : kib + "K";
    }

    /** qemu-img create for the secondary's active and hidden images, the disk's size. */
    public static List<List<String>> createActiveAndHidden(NodeSpec node, long sizeBytes) {
        return List.of(
                List.of("qemu-img", "create", "-q", "-f", "qcow2", node.activeImage(), Long.toString(sizeBytes)),
                List.of("qemu-img", "create", "-q", "-f", "qcow2", node.hiddenImage(), Long.toString(sizeBytes)));
    }

    /** A comma inside a QEMU option value is written twice. */
    static String opt(String value) {
        return value.replace(",", ",,");
    }
}
