package org.coloconsole.engine.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.cluster.ProfileWriterTestKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pacemaker's own validator accepts the CIB we render (and rejects a broken one: the oracle can fail). */
@Tag("integration")
class ClusterPlanIT {
    @TempDir
    Path dir;

    private int crmVerify(String configuration) throws Exception {
        Path f = dir.resolve("cib.xml");
        Files.writeString(f, "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"1\" num_updates=\"0\" "
                + "admin_epoch=\"0\">\n" + configuration + "<status/>\n</cib>\n");
        Path crmVerify = Path.of("/usr/sbin/crm_verify");
        if (!Files.isExecutable(crmVerify)) {
            throw new AssertionError("crm_verify is missing: apt-get install pacemaker-cli-utils (installers/dev-setup.sh does)");
        }
        Process p = new ProcessBuilder(List.of(crmVerify.toString(), "--xml-file", f.toString(), "-V"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("crm_verify hung");
        }
        System.out.println("[crm_verify] exit " + p.exitValue() + ": " + Files.readString(dir.resolve("out.txt")));
        return p.exitValue();
    }

    @Test
    void crmVerifyAcceptsTheRenderedCib() throws Exception {
        ClusterPlan plan = ClusterPlan.of(ClusterPlanTest.pair(ProfileWriterTestKeys.EVERY_KEY), Path.of("/etc/colo-console/p.yaml"), Path.of("/usr/bin/coloctl"));
        String cib = plan.cib(true);
        assertEquals(0, crmVerify(cib), "crm_verify rejected our CIB");
        assertNotEquals(0, crmVerify(cib.replace("class=\"ocf\"", "class=\"no-such-class\"")), "crm_verify accepts anything");
    }
}
