package org.coloconsole.engine.lab;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.remote.OutputListener;

/**
 * Prepares the built-in lab pair on this machine: the lab assets (guest kernel and initramfs, the
 * TCG shim) from installers/lab/build-lab.sh, the two-host lab's network and sshds where this
 * machine can run it ({@link LabNetwork}; else the loopback lab), and the pair's two disks.
 * Idempotent: what exists is kept (an existing disk is never overwritten, a running lab keeps
 * running).
 */
public final class LabSetup {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LabSetup.class);

    private LabSetup() {
    }

    /** Where build-lab.sh is: next to an installed engine jar, or in this checkout. */
    public static Optional<Path> findBuilder() {
        return findLabFile("build-lab.sh");
    }

    /** The two-host lab's fence agent (lab-fence.sh), next to build-lab.sh. */
    public static Optional<Path> findFenceAgent() {
        return findLabFile("fence_colo_lab");
    }

    /** The directory holding the OCF agent {@code colo} (installers/ocf in a checkout, lib/app/ocf installed). */
    public static Optional<Path> findOcfAgentDir() {
        return findLabFile("../ocf/colo").map(Path::getParent);
    }

    private static Optional<Path> findLabFile(String name) {
        List<Path> candidates = new ArrayList<>();
        String override = System.getProperty("colo.lab.dir");
        if (override != null) {
            candidates.add(Path.of(override, name));
        }
        try {
            Path jar = Path.of(LabSetup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(jar) ? jar : jar.getParent();
            candidates.add(dir.resolve("lab/" + name));              // installed: lib/app/lab
            candidates.add(dir.resolve("../lab/" + name));
            candidates.add(dir.resolve("../../installers/lab/" + name)); // checkout: engine/target
            candidates.add(dir.resolve("../../../installers/lab/" + name));
        } catch (URISyntaxException | RuntimeException e) {
            LOG.debug("no code source to find the lab's files from ({}): the working directory is used", e.toString());
        }
        candidates.add(Path.of("installers/lab/" + name));
        candidates.add(Path.of("../installers/lab/" + name)); // a module of this checkout
        return candidates.stream().map(p -> p.toAbsolutePath().normalize()).filter(Files::isRegularFile).findFirst();
    }

    /** Builds the assets if needed and creates the lab pair's disks if missing. */
    public static PairSpec prepare(Consumer<String> progress) {
        Path builder = findBuilder().orElseThrow(() -> new IllegalStateException(
                "cannot find build-lab.sh (installers/lab/ in a checkout, lib/app/lab/ in an installed package)"));
        LocalHost h = new LocalHost();
        progress.accept("lab assets: " + LabProfile.defaultAssets() + " (building from Debian packages if missing)");
        h.check(new Command(List.of("bash", builder.toString(), LabProfile.defaultAssets().toString()),
                Duration.ofMinutes(15), null, new OutputListener() {
                    @Override
                    public void stdout(String line) {
                        progress.accept("  " + line);
                    }

                    @Override
                    public void stderr(String line) {
                        progress.accept("  " + line);
                    }
                }));
        if (LabNetwork.unsupportedReason() == null) {
            new LabNetwork(LabTopology.standard()).up(progress);
        } else {
            progress.accept("no two-host lab here (" + LabNetwork.unsupportedReason() + "): the loopback lab it is");
        }
        PairSpec pair = LabProfile.profile().pair("lab").orElseThrow();
        createDisks(h, pair, false, progress);
        progress.accept("lab pair ready (" + LabProfile.describeBuiltIn() + "): coloctl up protects it");
        return pair;
    }

    /** Removes the two-host lab by name: its VMs, sshds, namespaces and links. The disks and keys stay. */
    public static void teardown(Consumer<String> progress) {
        LabNetwork net = new LabNetwork(LabTopology.standard());
        net.down(progress);
        progress.accept(net.leftovers().isEmpty() ? "two-host lab removed: nothing of it is left" : "left: " + net.leftovers());
    }

    /**
     * The lab pair's work dirs and disks: a 64 MiB qcow2 for the primary (the lab guest only uses
     * sector 0) and its copy for the secondary. {@code fresh} replaces existing disks.
     */
    public static void createDisks(LocalHost h, PairSpec pair, boolean fresh, Consumer<String> progress) {
        h.mkdirs(pair.primary().workDir());
        h.mkdirs(pair.secondary().workDir());
        if (fresh || !h.exists(pair.primary().image())) {
            progress.accept("creating the primary's disk " + pair.primary().image());
            h.check(Command.of("qemu-img", "create", "-q", "-f", "qcow2", pair.primary().image(), "64M"));
        }
        if (fresh || !h.exists(pair.secondary().image())) {
            progress.accept("copying it to the secondary's disk " + pair.secondary().image());
            h.check(Command.of("cp", pair.primary().image(), pair.secondary().image()));
        }
    }
}
