package org.coloconsole.engine.cluster;

import org.coloconsole.engine.lab.LabProfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        PairSpec lab = ProfileLoader.parse("lab", LabProfile.twoHostYaml(topo, ASSETS, Path.of("/opt/lab/fence_colo_lab")))
                .pair("lab").orElseThrow();
        HostAccess.Ssh a = assertInstanceOf(HostAccess.Ssh.class, lab.primary().host());
        assertEquals("10.250.0.11", a.host());
        assertEquals(Path.of("/srv/lab/known_hosts"), a.knownHosts());
        assertEquals("192.168.100.2", lab.secondary().replicationAddress());
        NetworkSpec.Tap tap = assertInstanceOf(NetworkSpec.Tap.class, lab.secondary().network());
        assertEquals("52:54:00:12:34:56", tap.mac());
        assertEquals("/opt/lab/fence_colo_lab", lab.primary().fence().agent());
        assertEquals(java.util.Map.of("plug", "cx-hostA"), lab.primary().fence().options(), "each node its own plug");
        assertEquals(java.util.Map.of("plug", "cx-hostB"), lab.secondary().fence().options());
        assertEquals(FenceSpec.Level.HOST, lab.secondary().fence().level());
        assertTrue(lab.fenced());
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
    void fencingIsPerNodeAndTheResyncCapIsAnOptionalPairSetting() {
        assertFalse(LabProfile.profile(ASSETS, PAIRS).pairs().get(0).fenced());
        String fenced = withFences("""
                      fence:
                        agent: /usr/sbin/fence_ipmilan
                        options: {ip: 10.0.0.1, username: admin, password: "s3cr=t", lanplus: 1}
                        secret: [password]
                        timeoutMs: 15000
                """, """
                      fence:
                        agent: /usr/sbin/fence_ipmilan
                        options: {ip: 10.0.0.2, username: admin, password: "s3cr=t", lanplus: 1}
                        secret: [password]
                """).replace("    checkpointDelayMs: 2000\n", "    checkpointDelayMs: 2000\n    resyncMiBps: 40\n");
        PairSpec p = ProfileLoader.parse("p.yaml", fenced).pairs().get(0);
        FenceSpec f = p.primary().fence();
        assertEquals(List.of("ip", "username", "password", "lanplus"), List.copyOf(f.options().keySet()), "the profile's order");
        assertEquals("action=off\nip=10.0.0.1\nusername=admin\npassword=s3cr=t\nlanplus=1\n", f.stdin("off"));
        assertEquals("/usr/sbin/fence_ipmilan action=off ip=10.0.0.1 username=admin password=*** lanplus=1", f.shown("off"));
        assertEquals("login failed for ***", f.redact("login failed for s3cr=t"));
        assertEquals(15000, f.timeoutMs());
        assertEquals(FenceSpec.DEFAULT_TIMEOUT_MS, p.secondary().fence().timeoutMs());
        assertEquals(FenceSpec.DEFAULT_VERIFY_PROBES, f.verifyProbes());
        assertTrue(p.fenced());
        assertEquals(40, p.resyncMiBps());
    }

    @Test
    void fenceMistakesNameTheirField() {
        ProfileException pairWide = reject(lab().replace("    checkpointDelayMs: 2000\n",
                "    checkpointDelayMs: 2000\n    fence: [/usr/sbin/fence_virsh, --plug, '{node}']\n"));
        assertTrue(only(pairWide, "pairs[0].fence").message().contains("per node"), pairWide.getMessage());
        String one = "      fence:\n        agent: /usr/sbin/fence_virsh\n        options: {plug: vm1}\n";
        ProfileException same = reject(withFences(one, one));
        assertTrue(only(same, "pairs[0].secondary.fence").message().contains("same machine"), same.getMessage());
        ProfileException half = reject(withFences(one, ""));
        assertTrue(only(half, "pairs[0].secondary.fence").message().contains("only one node"), half.getMessage());
        ProfileException bad = reject(withFences("""
                      fence:
                        agent: fence_virsh
                        options: {action: reboot, Plug: x}
                        level: rack
                """, "      fence:\n        agent: /usr/sbin/fence_virsh\n        options: {plug: vm2}\n"));
        assertTrue(only(bad, "pairs[0].primary.fence.agent").message().contains("absolute"), bad.getMessage());
        assertTrue(only(bad, "pairs[0].primary.fence.options.action").message().contains("set by the engine"), bad.getMessage());
        assertTrue(only(bad, "pairs[0].primary.fence.options.Plug").message().contains("lower-case"), bad.getMessage());
        assertTrue(only(bad, "pairs[0].primary.fence.level").message().contains("host or process"), bad.getMessage());
        ProfileException secret = reject(withFences("      fence:\n        agent: /a\n        options: {plug: a}\n"
                + "        secret: [password]\n", "      fence:\n        agent: /a\n        options: {plug: b}\n"));
        assertTrue(only(secret, "pairs[0].primary.fence.secret").message().contains("not one of the options"),
                secret.getMessage());
    }

    /** The loopback lab's profile with a fence block appended to each node (blank: none). */
    private static String withFences(String primary, String secondary) {
        String y = lab();
        int sec = y.indexOf("    secondary:");
        return y.substring(0, sec) + primary + y.substring(sec) + secondary;
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
