package org.coloconsole.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {

    private static final Path ASSETS = Path.of("/opt/lab");
    private static final Path PAIRS = Path.of("/var/lib/colo/lab");

    private static String lab() {
        return LabProfile.yaml(ASSETS, PAIRS);
    }

    private static ProfileException reject(String yaml) {
        return assertThrows(ProfileException.class, () -> ProfileLoader.parse("p.yaml", yaml));
    }

    private static ProfileError only(ProfileException e, String field) {
        List<ProfileError> hits = e.errors().stream().filter(x -> x.field().equals(field)).toList();
        assertEquals(1, hits.size(), "one error for " + field + " in " + e.getMessage());
        return hits.get(0);
    }

    private static int lineOf(String text, String needle) {
        String before = text.substring(0, text.indexOf(needle));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void theBuiltInLabProfileIsValidAndIsTheSeedsLayout() {
        ClusterProfile p = LabProfile.profile(ASSETS, PAIRS);
        PairSpec lab = p.pair("lab").orElseThrow();
        assertEquals("127.0.0.1", lab.primary().replicationAddress());
        assertEquals("127.0.0.2", lab.secondary().replicationAddress());
        assertInstanceOf(HostAccess.Local.class, lab.primary().host());
        assertEquals(Accelerator.TCG, lab.secondary().accelerator());
        assertEquals(List.of(9001, 9003, 9004, 9005, 9998, 9999), lab.primary().ports().all());
        assertEquals(128 * 1024, lab.primary().memoryKiB());
        assertEquals("/opt/lab/vmlinuz", lab.primary().boot().kernel());
        assertEquals(2000, lab.checkpointDelayMs());
        assertEquals("/var/lib/colo/lab/secondary/qmp.sock", lab.secondary().qmpSocket());
    }

    @Test
    void theTwoHostLabPairIsOrdinarySshHostsOnTapWithOneMacAFenceAndAProbe() {
        var topo = new org.coloconsole.engine.lab.LabTopology("cx", "10.250.0", Path.of("/srv/lab"));
        PairSpec lab = ProfileLoader.parse("lab", LabProfile.twoHostYaml(topo, ASSETS, Path.of("/opt/lab/lab-fence.sh")))
                .pair("lab").orElseThrow();
        HostAccess.Ssh a = assertInstanceOf(HostAccess.Ssh.class, lab.primary().host());
        assertEquals("10.250.0.11", a.host());
        assertEquals(Path.of("/srv/lab/known_hosts"), a.knownHosts());
        assertEquals("192.168.100.2", lab.secondary().replicationAddress());
        NetworkSpec.Tap tap = assertInstanceOf(NetworkSpec.Tap.class, lab.secondary().network());
        assertEquals("52:54:00:12:34:56", tap.mac());
        assertEquals(List.of("bash", "/opt/lab/lab-fence.sh", "cx", "{node}"), lab.fence());
        assertEquals(ProbeSpec.Kind.ECHO, lab.probe().kind());
        assertEquals("10.0.2.15", lab.probe().address());
        assertEquals("10.250.0.20", ((HostAccess.Ssh) lab.probe().from()).host());
        assertEquals(null, LabProfile.profile(ASSETS, PAIRS).pairs().get(0).probe(), "the probe is optional");
    }

    @Test
    void probeAndMacMistakesNameTheirField() {
        var topo = new org.coloconsole.engine.lab.LabTopology("cx", "10.250.0", Path.of("/srv/lab"));
        String two = LabProfile.twoHostYaml(topo, ASSETS, null);
        int second = two.lastIndexOf("52:54:00:12:34:56");
        ProfileException e = reject(two.substring(0, second) + "52:54:00:aa:bb:cc" + two.substring(second + 17));
        assertTrue(only(e, "pairs[0].secondary.network.mac").message().contains("same MAC"), e.getMessage());
        ProfileException m = reject(two.replaceFirst("52:54:00:12:34:56", "nope"));
        assertTrue(only(m, "pairs[0].primary.network.mac").message().contains("six hex pairs"), m.getMessage());
        ProfileException p = reject(two.replace("kind: echo", "kind: ping").replace("port: 7\n", "port: 99999\n"));
        assertTrue(only(p, "pairs[0].probe.kind").message().contains("echo or http"), p.getMessage());
        assertTrue(only(p, "pairs[0].probe.port").message().contains("65535"), p.getMessage());
    }

    @Test
    void sshHostsParse() {
        ClusterProfile p = ProfileLoader.parse("p.yaml", lab().replaceFirst("host: local",
                "host: ssh://root@10.1.2.3:2222\n      identity: /root/.ssh/id_ed25519"));
        HostAccess.Ssh ssh = assertInstanceOf(HostAccess.Ssh.class, p.pairs().get(0).primary().host());
        assertEquals("root", ssh.user());
        assertEquals(2222, ssh.port());
        assertEquals(Path.of("/root/.ssh/id_ed25519"), ssh.identity());
    }

    @Test
    void fencingAndTheResyncCapAreOptionalPairSettings() {
        assertEquals(List.of(), LabProfile.profile(ASSETS, PAIRS).pairs().get(0).fence());
        PairSpec p = ProfileLoader.parse("p.yaml", lab().replace("    checkpointDelayMs: 2000\n",
                "    checkpointDelayMs: 2000\n    resyncMiBps: 40\n    fence: [/usr/sbin/fence_virsh, --plug, '{node}']\n"))
                .pairs().get(0);
        assertEquals(List.of("/usr/sbin/fence_virsh", "--plug", "{node}"), p.fence());
        assertEquals(40, p.resyncMiBps());
        ProfileException e = reject(lab().replace("    checkpointDelayMs: 2000\n", "    fence: ['', x]\n"));
        assertTrue(only(e, "pairs[0].fence[0]").message().contains("empty word"));
    }

    @Test
    void aMissingFieldIsNamedWithItsPosition() {
        String yaml = lab().replace("      image: /var/lib/colo/lab/secondary/disk.qcow2\n", "");
        ProfileException e = reject(yaml);
        ProfileError err = only(e, "pairs[0].secondary");
        assertTrue(err.message().contains("missing required field 'image'"), err.toString());
        // The secondary's mapping starts on the line after "secondary:".
        int line = lineOf(yaml, "    secondary:") + 1;
        assertEquals(line, err.line(), err.toString());
        assertTrue(err.toString().startsWith("p.yaml:" + line + ":"), err.toString());
    }

    @Test
    void aBadPortIsRejected() {
        ProfileException e = reject(lab().replaceFirst("portBase: 9001", "portBase: 70000"));
        ProfileError err = only(e, "pairs[0].primary.portBase");
        assertTrue(err.message().contains("70000"), err.toString());
        assertEquals(lineOf(lab(), "portBase: 9001"), err.line());
    }

    @Test
    void theSamePortTwiceIsRejected() {
        ProfileException e = reject(lab().replace("127.0.0.1:18084-:9]", "127.0.0.1:9004-:9]"));
        ProfileError err = only(e, "pairs[0].primary.network.hostForwards");
        assertTrue(err.message().contains("port 9004 is used twice") && err.message().contains("compare1"), err.toString());
    }

    @Test
    void twoNodesOnOneMachineMustNotListenOnTheSamePorts() {
        ProfileException e = reject(lab().replace("replicationAddress: 127.0.0.2", "replicationAddress: 127.0.0.1"));
        ProfileError err = only(e, "pairs[0].secondary");
        assertTrue(err.message().contains("both listen on 127.0.0.1:9"), err.toString());
    }

    @Test
    void relativePathsAndUnknownKeysAreRejectedAllAtOnce() {
        ProfileException e = reject(lab()
                .replace("image: /var/lib/colo/lab/primary/disk.qcow2", "image: disk.qcow2")
                .replace("checkpointDelayMs: 2000", "chekpointDelayMs: 2000")
                .replace("accelerator: tcg\n      memory: 128M\n      image: /var/lib/colo/lab/secondary",
                        "accelerator: tgc\n      memory: 128M\n      image: /var/lib/colo/lab/secondary"));
        assertTrue(only(e, "pairs[0].primary.image").message().contains("absolute path"), e.getMessage());
        assertTrue(only(e, "pairs[0].chekpointDelayMs").message().contains("unknown key"), e.getMessage());
        assertTrue(only(e, "pairs[0].secondary.accelerator").message().contains("kvm or tcg"), e.getMessage());
        assertEquals(3, e.errors().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("3 problems"), e.getMessage());
    }

    @Test
    void aSyntaxErrorNamesTheLine() {
        ProfileException e = reject("pairs:\n  - name: lab\n    primary: [unclosed\n");
        assertEquals("(syntax)", e.errors().get(0).field());
        assertTrue(e.errors().get(0).line() >= 3, e.getMessage());
    }

    @Test
    void duplicatePairNamesAreRejected() {
        String pair = lab().substring(lab().indexOf("  - name: lab"));
        ProfileException e = reject(lab() + pair);
        assertTrue(only(e, "pairs[1].name").message().contains("used twice"), e.getMessage());
    }

    @Test
    void aFailedLoadNeverTouchesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.yaml");
        byte[] bad = lab().replaceFirst("portBase: 9001", "portBase: -1").getBytes();
        Files.write(file, bad);
        FileTime before = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, before);
        assertThrows(ProfileException.class, () -> ProfileLoader.load(file));
        assertArrayEquals(bad, Files.readAllBytes(file));
        assertEquals(before, Files.getLastModifiedTime(file));
        assertEquals(List.of(file), Files.list(dir).toList(), "no temp or backup files left");
    }
}
