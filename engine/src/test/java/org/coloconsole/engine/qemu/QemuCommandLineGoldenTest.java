package org.coloconsole.engine.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.coloconsole.engine.cluster.ClusterProfile;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.runbook.Actions;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.runbook.Step;
import org.junit.jupiter.api.Test;

/**
 * With the seed's values the command lines the Protect runbook starts are the seed's (QEMU's
 * COLO-FT.txt), option for option and in the seed's order (the order of the network filters
 * matters to COLO), modulo the management options listed in {@link QemuCommandLine}.
 */
class QemuCommandLineGoldenTest {

    /** The seed's set-up as a profile: KVM, 512 MiB, tap networking, rtl8139, USB tablet. */
    static final String SEED_PROFILE = """
            pairs:
              - name: seed
                checkpointDelayMs: 2000
                primary:
                  host: local
                  replicationAddress: 127.0.0.1
                  accelerator: kvm
                  memory: 512M
                  image: /mnt/vms/colo-test-primary/primary.qcow2
                  workDir: /mnt/vms/colo-test-primary
                  network: {type: tap}
                  nic: rtl8139
                  extraArgs: [-device, piix3-usb-uhci, -device, usb-tablet]
                secondary:
                  host: ssh://root@127.0.0.2
                  replicationAddress: 127.0.0.2
                  accelerator: kvm
                  memory: 512M
                  image: /mnt/vms/colo-test-secondary/primary.qcow2
                  workDir: /mnt/vms/colo-test-secondary
                  network: {type: tap}
                  nic: rtl8139
                  extraArgs: [-device, piix3-usb-uhci, -device, usb-tablet]
            """;

    /** Options the console adds or sets its own way: monitors, logs, names. */
    private static final Set<String> MANAGEMENT = Set.of("-name", "-qmp", "-display", "-serial", "-pidfile", "-D");

    static PairSpec seedPair() {
        ClusterProfile p = ProfileLoader.parse("seed.yaml", SEED_PROFILE);
        return p.pair("seed").orElseThrow();
    }

    /** The argument list the Protect runbook's step starts, as it will be sent. */
    static List<String> started(PairSpec pair, String stepId) {
        for (Step st : Runbooks.protect(pair).steps()) {
            if (st.id().equals(stepId)) {
                return ((Actions.StartQemu) st.action()).argv();
            }
        }
        throw new AssertionError("no step " + stepId + " in protect");
    }

    @Test
    void protectStartsThePrimaryWithTheSeedsCommandLinePausedWithS() throws IOException {
        List<String> ours = started(seedPair(), "start-primary");
        // We bind the replication address where the seed binds every interface.
        List<String> seed = seedLine("primary.cmdline", "0.0.0.0", "127.0.0.1");
        assertEquals(normalized(seed), normalized(ours));
        assertEquals("-S", seed.get(seed.size() - 1), "the seed starts the primary paused");
    }

    @Test
    void protectStartsTheSecondaryWithTheSeedsCommandLine() throws IOException {
        List<String> ours = started(seedPair(), "start-secondary");
        List<String> seed = seedLine("secondary.cmdline", "0.0.0.0", "127.0.0.2");
        assertEquals(normalized(seed), normalized(ours));
    }

    @Test
    void qmpIsOnUnixSocketsOnlyNeverOnANetworkPort() {
        PairSpec pair = seedPair();
        for (List<String> line : List.of(QemuCommandLine.initialPrimary(pair, false), QemuCommandLine.initialSecondary(pair))) {
            for (int i = 0; i < line.size() - 1; i++) {
                if (line.get(i).equals("-qmp")) {
                    assertTrue(line.get(i + 1).startsWith("unix:/mnt/vms/"), line.get(i + 1));
                }
            }
            assertTrue(!String.join(" ", line).contains("0.0.0.0"), "nothing listens on every interface");
        }
    }

    @Test
    void tcgGetsTheLabWorkaroundsAndKvmDoesNot() {
        PairSpec lab = LabProfile.profile(java.nio.file.Path.of("/opt/lab"), java.nio.file.Path.of("/srv/pair"))
                .pair("lab").orElseThrow();
        List<String> tcg = QemuCommandLine.initialPrimary(lab, false);
        assertEquals(List.of("env", "LD_PRELOAD=/opt/lab/colo-tcg-shim.so"), tcg.subList(0, 2));
        assertTrue(String.join(" ", tcg).contains("-accel tcg -m 131080K"), String.join(" ", tcg));
        assertTrue(String.join(" ", tcg).contains("hostfwd=tcp:127.0.0.1:18080-:80"));
        List<String> kvm = QemuCommandLine.initialPrimary(seedPair(), false);
        assertEquals("qemu-system-x86_64", kvm.get(0));
        assertTrue(String.join(" ", kvm).contains("-m 512 "));
        List<String> secondary = QemuCommandLine.initialSecondary(lab);
        assertTrue(String.join(" ", secondary).contains("-incoming tcp:127.0.0.2:9998"));
        assertTrue(String.join(" ", secondary).contains("socket,id=red0,host=127.0.0.1,port=9003,reconnect=1"));
    }

    @Test
    void commasInPathsAreEscapedForQemu() {
        assertEquals("/a,,b/disk.qcow2", QemuCommandLine.opt("/a,b/disk.qcow2"));
    }

    private static List<String> seedLine(String resource, String from, String to) throws IOException {
        try (InputStream in = QemuCommandLineGoldenTest.class.getResourceAsStream("/seed/" + resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String line = text.lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
            return Arrays.asList(line.replace(from, to).split(" "));
        }
    }

    /** Option/value pairs in their order, the management options dropped (never sorted). */
    private static List<String> normalized(List<String> argv) {
        List<String> out = new ArrayList<>();
        int i = argv.get(0).equals("env") ? 3 : 1;
        for (; i < argv.size(); i++) {
            String o = argv.get(i);
            boolean hasValue = i + 1 < argv.size() && !argv.get(i + 1).startsWith("-");
            String v = hasValue ? argv.get(++i) : "";
            if (!MANAGEMENT.contains(o)) {
                out.add(o + " " + v);
            }
        }
        return out;
    }
}
