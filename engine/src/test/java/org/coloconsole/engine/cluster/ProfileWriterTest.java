package org.coloconsole.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer writes reads back as the same pairs, over every key the parser accepts. */
class ProfileWriterTest {


    @Test
    void everyKeyRoundTrips() {
        ClusterProfile first = ProfileLoader.parse("every-key", ProfileWriterTestKeys.EVERY_KEY);
        String written = ProfileWriter.yaml(first.pairs());
        ClusterProfile again = ProfileLoader.parse("written", written);
        assertEquals(first.pairs(), again.pairs(), written);
        assertEquals(written, ProfileWriter.yaml(again.pairs()), "writing is stable");
    }

    /** The oracle: every key the parser reads appears in the test profile, so a new key cannot be missed. */
    @Test
    void theTestProfileCoversEveryKeyTheParserReads() throws Exception {
        String parser = Files.readString(Path.of("src/main/java/org/coloconsole/engine/cluster/ProfileParser.java"));
        Matcher m = Pattern.compile("(?:\\.(?:string|integer|bool|absolutePath|strings|object|objectOptional|optionalString|required|get)"
                + "\\(|(?:corosyncName|address)\\(o, )\"([A-Za-z]+)\"").matcher(parser);
        Set<String> keys = new TreeSet<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        keys.remove("fence"); // pair-level fence: read only to be refused
        assertTrue(keys.size() > 30, "found the parser's keys: " + keys);
        for (String k : keys) {
            assertTrue(Pattern.compile("(?m)(^|[\\s{,])" + k + ":").matcher(ProfileWriterTestKeys.EVERY_KEY).find(), "the test profile lacks '" + k + "'");
        }
        String written = ProfileWriter.yaml(ProfileLoader.parse("every-key", ProfileWriterTestKeys.EVERY_KEY).pairs());
        for (String k : keys) {
            assertTrue(Pattern.compile("(?m)(^|[\\s{,])" + k + ":").matcher(written).find(), "the writer dropped '" + k + "'");
        }
    }

    @Test
    void theLabProfilesRoundTrip() {
        for (String yaml : List.of(org.coloconsole.engine.lab.LabProfile.yaml(Path.of("/opt/lab"), Path.of("/tmp/pair")),
                org.coloconsole.engine.lab.LabProfile.yaml(Path.of("/opt/lab"), Path.of("/tmp/pair"), Path.of("/opt/fence")))) {
            List<PairSpec> pairs = ProfileLoader.parse("lab", yaml).pairs();
            assertEquals(pairs, ProfileLoader.parse("w", ProfileWriter.yaml(pairs)).pairs());
        }
    }

    /** Option values and extra arguments are free text: quoting must keep every one of them as it was. */
    @Property(tries = 300)
    void freeTextSurvives(@ForAll @StringLength(min = 1, max = 40) String value, @ForAll @StringLength(max = 20) String arg) {
        PairSpec base = ProfileLoader.parse("every-key", ProfileWriterTestKeys.EVERY_KEY).pairs().get(0);
        NodeSpec n = base.primary();
        FenceSpec f = n.fence();
        FenceSpec f2 = new FenceSpec(f.agent(), Map.of("ip", "10.0.9.1", "password", value), f.secrets(), f.timeoutMs(),
                f.verifyProbes(), f.level());
        NodeSpec n2 = new NodeSpec(n.role(), n.host(), n.replicationAddress(), n.qemuBinary(), n.accelerator(), n.memoryKiB(),
                n.cpus(), n.image(), n.workDir(), n.portBase(), n.network(), n.nic(), n.boot(), n.tcgShim(),
                List.of("-name", arg), f2);
        PairSpec p = new PairSpec(base.name(), n2, base.secondary(), base.checkpointDelayMs(), base.compareTimeoutMs(),
                base.expiredScanCycleMs(), base.resyncMiBps(), base.probe());
        String yaml;
        try {
            yaml = ProfileWriter.yaml(List.of(p));
        } catch (ProfileException e) {
            // A value YAML cannot keep (a NEL, which it folds to a space) is refused, never written changed.
            assertTrue(e.getMessage().contains("line-break character"), e.getMessage());
            return;
        }
        ClusterProfile back;
        try {
            back = ProfileLoader.parse("w", yaml);
        } catch (ProfileException e) {
            // The parser refuses some values (a NUL, say) whatever the quoting; then so must the writer's save.
            return;
        }
        assertEquals(p, back.pairs().get(0), yaml);
    }

    /** Found by freeTextSurvives: YAML folds a NEL in a value to a space. The writer refuses it, naming the field. */
    @Test
    void aValueYamlWouldChangeIsRefusedNamingTheField() {
        String yaml = ProfileWriterTestKeys.EVERY_KEY.replace("password: \"s3cret: yes\"", "password: \"a\\Nb\"");
        PairSpec p = ProfileLoader.parse("nel", yaml).pairs().get(0);
        assertEquals("a\u0085b", p.primary().fence().options().get("password"), "YAML's \\N escape is a NEL");
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileWriter.yaml(List.of(p)));
        assertTrue(e.getMessage().contains("pairs[0].primary.fence.options.password") && e.getMessage().contains("line-break"),
                e.getMessage());
    }

    @Test
    void memorySizesKeepTheirValue() {
        for (long kib : new long[] {16 * 1024, 131080, 512 * 1024, 2L * 1024 * 1024, 3 * 1024 * 1024 + 1}) {
            String s = ProfileWriter.memory(kib);
            String yaml = ProfileWriterTestKeys.EVERY_KEY.replace("memory: 131080K", "memory: " + s);
            assertEquals(kib, ProfileLoader.parse("m", yaml).pairs().get(0).primary().memoryKiB(), s);
        }
    }

    @Test
    void savesAtomicallyWithMode0600(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("rack-7.yaml");
        Files.writeString(f, "old content");
        List<PairSpec> pairs = ProfileLoader.parse("every-key", ProfileWriterTestKeys.EVERY_KEY).pairs();
        ProfileWriter.save(f, "# saved by a test", pairs);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertTrue(Files.readString(f).startsWith("# saved by a test\n"));
        assertEquals(pairs, ProfileLoader.load(f).pairs());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temp file left behind");
        }
    }

    @Test
    void aPairThatWouldNotReadBackIsNotSaved(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, "the operator's file");
        PairSpec good = ProfileLoader.parse("every-key", ProfileWriterTestKeys.EVERY_KEY).pairs().get(0);
        NodeSpec n = good.primary();
        // cpus 0 is refused by the parser: the writer must not replace a good file with it.
        NodeSpec bad = new NodeSpec(n.role(), n.host(), n.replicationAddress(), n.qemuBinary(), n.accelerator(), n.memoryKiB(),
                0, n.image(), n.workDir(), n.portBase(), n.network(), n.nic(), n.boot(), n.tcgShim(), n.extraArgs(), n.fence());
        PairSpec p = new PairSpec(good.name(), bad, good.secondary(), good.checkpointDelayMs(), good.compareTimeoutMs(),
                good.expiredScanCycleMs(), good.resyncMiBps(), good.probe());
        assertThrows(ProfileException.class, () -> ProfileWriter.save(f, null, List.of(p)));
        assertEquals("the operator's file", Files.readString(f));
        assertFalse(Files.readString(f).contains("cpus"));
    }
}
