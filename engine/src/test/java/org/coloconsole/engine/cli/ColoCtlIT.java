package org.coloconsole.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class ColoCtlIT {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run coloctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ColoCtl.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void preflightPrintsTheReportAndExitsByItsVerdict() {
        String image = dir.resolve("d.qcow2").toString();
        new LocalHost().check(Command.of("qemu-img", "create", "-q", "-f", "qcow2", image, "16M"));
        Run ok = coloctl("preflight", "--image", image, "--memory", "128");
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("PASS") && ok.out().contains("QEMU version") && ok.out().contains("READY"), ok.out());

        Run missing = coloctl("preflight", "--image", dir.resolve("gone.qcow2").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.out().contains("FAIL") && missing.out().contains("gone.qcow2"), missing.out());

        Run json = coloctl("preflight", "--image", image, "--json");
        assertTrue(json.out().contains("\"id\" : \"qemu-version\""), json.out());
    }

    @Test
    void badInputNamesTheOption() {
        Run badHost = coloctl("preflight", "--image", "/x", "--host", "not a host");
        assertEquals(2, badHost.code());
        assertTrue(badHost.err().contains("--host"), badHost.err());
        Run badPort = coloctl("preflight", "--image", "/x", "--port", "70000");
        assertEquals(2, badPort.code());
        assertTrue(badPort.err().contains("70000"), badPort.err());
        Run version = coloctl("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("coloctl"), version.out());
    }

    @Test
    void clusterPlanPrintsTheSetUpOrRefusesWithTheReason() throws Exception {
        java.nio.file.Path every = dir.resolve("every.yaml");
        java.nio.file.Files.writeString(every, org.coloconsole.engine.cluster.ProfileWriterTestKeys.EVERY_KEY);
        Run plan = coloctl("cluster", "plan", "--profile", every.toString());
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("name: hosta") && plan.out().contains("type=\"fence_ipmilan\"")
                && !plan.out().contains("s3cret"), plan.out());
        java.nio.file.Path lab = dir.resolve("lab.yaml");
        java.nio.file.Files.writeString(lab, org.coloconsole.engine.lab.LabProfile.yaml(java.nio.file.Path.of("/opt/lab"), dir));
        Run refused = coloctl("cluster", "plan", "--profile", lab.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("no 'pacemaker' keys") && refused.err().contains("primary.fence"), refused.err());
    }
}
