package org.coloconsole.engine.qemu;

import org.coloconsole.engine.model.Role;

import org.coloconsole.engine.model.NodeRequirements;

import org.coloconsole.engine.model.PreflightCheck;

import org.coloconsole.engine.model.PreflightReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.coloconsole.engine.qmp.QemuVersion;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.Host;

/**
 * Checks a node before it is asked to run its half of a COLO pair: the QEMU binary and version,
 * the COLO objects and the replication driver, KVM or TCG, qemu-img, the disk images and their
 * sizes, free memory and free ports. Every check reports pass, warn or fail with what to do.
 */
public final class Preflight {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Preflight.class);

    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final List<String> COLO_OBJECTS = List.of("colo-compare", "filter-mirror", "filter-redirector",
            "filter-rewriter");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Host host;
    private final NodeRequirements node;
    private final List<PreflightCheck> checks = new ArrayList<>();

    private Preflight(Host host, NodeRequirements node) {
        this.host = host;
        this.node = node;
    }

    public static PreflightReport run(Host host, NodeRequirements node) {
        Preflight p = new Preflight(host, node);
        if (p.qemuPresent()) {
            p.qemuVersion();
            p.coloObjects();
            p.replicationDriver();
        }
        p.accelerator();
        boolean qemuImg = p.qemuImg();
        p.images(qemuImg);
        p.memory();
        p.ports();
        return new PreflightReport(host.name(), node.role(), p.checks);
    }

    private CommandResult sh(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return host.run(new Command(argv, QUICK, null, null));
    }

    private boolean qemuPresent() {
        String title = "QEMU binary";
        CommandResult r = sh("command -v \"$1\"", node.qemuBinary());
        if (!r.ok() || r.stdout().isBlank()) {
            checks.add(PreflightCheck.fail("qemu-binary", title, node.qemuBinary() + " not found on " + host.name(),
                    "install Debian's qemu-system-x86 (apt-get install qemu-system-x86) or set the node's QEMU path"));
            return false;
        }
        checks.add(PreflightCheck.pass("qemu-binary", title, r.stdout().strip()));
        return true;
    }

    private void qemuVersion() {
        String title = "QEMU version";
        CommandResult r = host.run(new Command(List.of(node.qemuBinary(), "--version"), QUICK, null, null));
        Optional<QemuVersion> v = QemuSupport.parseVersionOutput(r.stdout());
        if (v.isEmpty()) {
            checks.add(PreflightCheck.fail("qemu-version", title, "cannot tell the version from: "
                    + firstLine(r.stdout() + r.stderr()), "check that " + node.qemuBinary() + " is a QEMU system emulator"));
            return;
        }
        QemuSupport.Assessment a = QemuSupport.assess(v.get());
        switch (a.verdict()) {
            case TESTED, SUPPORTED -> checks.add(PreflightCheck.pass("qemu-version", title, a.reason()));
            case UNTESTED -> checks.add(PreflightCheck.warn("qemu-version", title, a.reason(),
                    "prefer a tested version:\n" + QemuSupport.TABLE));
            case BROKEN -> checks.add(PreflightCheck.fail("qemu-version", title, a.reason(),
                    "install a supported QEMU; supported versions:\n" + QemuSupport.TABLE));
        }
    }

    private void coloObjects() {
        String title = "COLO proxy objects";
        CommandResult r = host.run(new Command(List.of(node.qemuBinary(), "-object", "help"), QUICK, null, null));
        Set<String> listed = new TreeSet<>();
        for (String line : r.stdout().split("\n")) {
            listed.add(line.strip());
        }
        List<String> missing = COLO_OBJECTS.stream().filter(o -> !listed.contains(o)).toList();
        if (missing.isEmpty()) {
            checks.add(PreflightCheck.pass("colo-objects", title, String.join(", ", COLO_OBJECTS)));
        } else {
            checks.add(PreflightCheck.fail("colo-objects", title, "missing: " + String.join(", ", missing),
                    "use a QEMU built with COLO (Debian's qemu-system-x86 has it)"));
        }
    }

    private void replicationDriver() {
        String title = "replication block driver";
        // Without top-id a build that has the driver refuses with "top-id"; one without it says
        // "Unknown driver". Either way QEMU exits at once.
        CommandResult r = host.run(new Command(List.of(node.qemuBinary(), "-machine", "none", "-nodefaults",
                "-display", "none", "-S", "-drive", "if=none,driver=replication,mode=secondary,file.driver=null-co"),
                QUICK, null, null));
        String err = r.stderr() + r.stdout();
        if (err.contains("top-id")) {
            checks.add(PreflightCheck.pass("replication-driver", title, "present"));
        } else if (err.contains("Unknown driver")) {
            checks.add(PreflightCheck.fail("replication-driver", title, "QEMU has no 'replication' driver",
                    "use a QEMU built with --enable-replication (Debian's has it)"));
        } else {
            checks.add(PreflightCheck.warn("replication-driver", title, "could not tell: " + firstLine(err),
                    "check the QEMU build by hand"));
        }
    }

    private void accelerator() {
        String title = "accelerator";
        boolean kvm = sh("test -r /dev/kvm && test -w /dev/kvm").ok();
        if ("tcg".equals(node.accelerator())) {
            checks.add(PreflightCheck.pass("accelerator", title, "TCG as configured (the TCG workarounds are applied)"
                    + (kvm ? "; KVM would be usable here" : "")));
        } else if ("kvm".equals(node.accelerator()) && !kvm) {
            checks.add(PreflightCheck.fail("accelerator", title, "the profile asks for KVM but /dev/kvm is not usable",
                    "load the kvm module and give the user access to /dev/kvm (or accelerator: tcg, for a lab only)"));
        } else if (kvm) {
            checks.add(PreflightCheck.pass("accelerator", title, "KVM usable (/dev/kvm)"));
        } else {
            checks.add(PreflightCheck.warn("accelerator", title, "no usable /dev/kvm: TCG only",
                    "fine for a lab (slow; the TCG workarounds are applied); production pairs need KVM"));
        }
    }

    private boolean qemuImg() {
        String title = "qemu-img";
        CommandResult r = sh("command -v qemu-img");
        if (!r.ok()) {
            checks.add(PreflightCheck.fail("qemu-img", title, "qemu-img not found on " + host.name(),
                    "install Debian's qemu-utils (apt-get install qemu-utils)"));
            return false;
        }
        checks.add(PreflightCheck.pass("qemu-img", title, r.stdout().strip()));
        return true;
    }

    private void images(boolean haveQemuImg) {
        String title = "disk image";
        if (!host.exists(node.image())) {
            checks.add(PreflightCheck.fail("disk-image", title, "missing: " + node.image() + " does not exist on "
                    + host.name(), node.role() == Role.PRIMARY ? "create or copy the VM's disk image to " + node.image()
                    : "copy the primary's disk image to " + node.image() + " (both sides start from the same disk)"));
            return;
        }
        if (!haveQemuImg) {
            checks.add(PreflightCheck.warn("disk-image", title, node.image() + " exists; size unknown without qemu-img",
                    "install qemu-utils"));
            return;
        }
        Optional<Long> size = virtualSize(node.image());
        if (size.isEmpty()) {
            checks.add(PreflightCheck.fail("disk-image", title, "qemu-img cannot read " + node.image(),
                    "check the file is a disk image and readable"));
            return;
        }
        checks.add(PreflightCheck.pass("disk-image", title, node.image() + " (" + size.get() + " bytes virtual)"));
        if (node.activeImage() != null || node.hiddenImage() != null) {
            List<String> problems = new ArrayList<>();
            for (String img : new String[] {node.activeImage(), node.hiddenImage()}) {
                if (img == null || !host.exists(img)) {
                    continue;
                }
                Optional<Long> s = virtualSize(img);
                if (s.isEmpty() || !s.get().equals(size.get())) {
                    problems.add(img + " is " + s.map(v -> v + " bytes").orElse("unreadable"));
                }
            }
            if (problems.isEmpty()) {
                checks.add(PreflightCheck.pass("image-sizes", "active/hidden image sizes",
                        "match the disk image (or will be created with its size)"));
            } else {
                checks.add(PreflightCheck.fail("image-sizes", "active/hidden image sizes",
                        "size mismatch: " + String.join("; ", problems) + ", but " + node.image() + " is " + size.get()
                                + " bytes", "recreate them with qemu-img create -f qcow2 FILE " + size.get()));
            }
        }
    }

    private Optional<Long> virtualSize(String image) {
        CommandResult r = host.run(new Command(List.of("qemu-img", "info", "--force-share", "--output=json", image),
                QUICK, null, null));
        if (!r.ok()) {
            return Optional.empty();
        }
        try {
            JsonNode info = JSON.readTree(r.stdout());
            return info.path("virtual-size").isNumber() ? Optional.of(info.get("virtual-size").asLong()) : Optional.empty();
        } catch (IOException e) {
            LOG.debug("preflight: qemu-img info gave no JSON: {}", e.toString());
            return Optional.empty();
        }
    }

    private void memory() {
        String title = "free memory";
        CommandResult r = sh("grep MemAvailable /proc/meminfo");
        String[] f = r.stdout().trim().split("\\s+");
        if (!r.ok() || f.length < 2) {
            checks.add(PreflightCheck.warn("memory", title, "cannot read /proc/meminfo", "check by hand"));
            return;
        }
        long availableMiB = Long.parseLong(f[1]) / 1024;
        long needed = node.neededMemoryMiB();
        String detail = availableMiB + " MiB available, " + needed + " MiB needed"
                + (node.role() == Role.SECONDARY ? " (the secondary holds the guest RAM twice)" : "");
        if (availableMiB < needed) {
            checks.add(PreflightCheck.fail("memory", title, detail, "free memory or lower the guest's RAM"));
        } else if (availableMiB < needed * 5 / 4) {
            checks.add(PreflightCheck.warn("memory", title, detail, "little headroom left"));
        } else {
            checks.add(PreflightCheck.pass("memory", title, detail));
        }
    }

    private void ports() {
        String title = "ports free";
        if (node.ports().isEmpty()) {
            return;
        }
        CommandResult r = sh("cat /proc/net/tcp /proc/net/tcp6 2>/dev/null");
        Set<Integer> listening = ListeningPorts.clashing(r.stdout(), node.bindAddress());
        List<Integer> taken = node.ports().stream().filter(listening::contains).toList();
        if (taken.isEmpty()) {
            checks.add(PreflightCheck.pass("ports", title, node.ports().toString()));
        } else {
            checks.add(PreflightCheck.fail("ports", title, "taken: " + taken + " (something already listens there)",
                    "stop what listens there (ss -tlnp shows it) or choose another port base for the node"));
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
