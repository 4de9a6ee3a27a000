package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coloconsole.engine.cli.ColoCtl;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.testing.LabFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** coloctl drives the local lab pair through its whole life: up, status, failover, resume, down. */
@Tag("e2e")
@Timeout(300)
class ColoCtlE2E {
    @TempDir
    Path dir;
    Path profile;

    private record Run(int code, String out) {
    }

    private Run coloctl(String... args) {
        // The journal is the console's own (XDG_STATE_HOME, target/state under surefire): one path for all.
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--profile";
        full[args.length + 1] = profile.toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ColoCtl.run(new PrintWriter(out, true), new PrintWriter(err, true), full);
        return new Run(code, out + err.toString());
    }

    @AfterEach
    void down() {
        if (profile != null) {
            coloctl("down");
        }
    }

    @Test
    void upStatusFailoverResumeDown() throws Exception {
        Path pairDir = dir.resolve("pair");
        profile = dir.resolve("lab.yaml");
        // With Pacemaker's names for the two hosts, so the OCF agent's actions can be driven too.
        Files.writeString(profile, LabProfile.yaml(LabFixture.assets(), pairDir).replace("    checkpointDelayMs:",
                "    pacemaker: {primaryNode: hosta, primaryRing: 127.0.0.1, secondaryNode: hostb, secondaryRing: 127.0.0.2, "
                        + "qdevice: 127.0.0.3}\n    checkpointDelayMs:"));
        LocalHost h = new LocalHost();
        h.mkdirs(pairDir + "/primary");
        h.mkdirs(pairDir + "/secondary");
        h.check(Command.of("qemu-img", "create", "-q", "-f", "qcow2", pairDir + "/primary/disk.qcow2", "64M"));
        h.check(Command.of("cp", pairDir + "/primary/disk.qcow2", pairDir + "/secondary/disk.qcow2"));

        Path journalFile = org.coloconsole.engine.control.StatePaths.journalFile(
                org.coloconsole.engine.control.Profiles.load(profile).pairs().get(0));
        int journalBefore = Files.exists(journalFile) ? Files.readString(journalFile).length() : 0;
        Run up = coloctl("up");
        assertEquals(0, up.code(), up.out());
        assertTrue(up.out().contains("[18/18]") && up.out().contains("protect: done"), up.out());

        Run status = coloctl("status");
        assertTrue(status.out().contains("COLO mode primary") && status.out().contains("COLO mode secondary"), status.out());
        assertTrue(status.out().contains("pair lab: Protected") || status.out().contains("pair lab: Degraded"), status.out());
        Run watch = coloctl("watch", "--seconds", "5");
        assertTrue(watch.out().contains("Protected") && watch.out().contains("checkpoint #"), watch.out());

        Run refused = coloctl("failover", "--survivor", "secondary-node");
        assertEquals(2, refused.code(), refused.out());
        assertTrue(refused.out().contains("split brain"), refused.out());

        String pid = Files.readString(pairDir.resolve("primary/qemu.pid")).strip();
        h.check(Command.of("kill", "-KILL", pid));
        Run failover = coloctl("failover", "--survivor", "secondary-node", "--yes");
        assertEquals(0, failover.code(), failover.out());
        assertTrue(failover.out().contains("failover-to-secondary: done"), failover.out());

        Run resume = coloctl("resume");
        assertEquals(0, resume.code(), resume.out());
        assertTrue(resume.out().contains("resume-from-secondary: done") && resume.out().contains("bytes"), resume.out());
        assertTrue(coloctl("status").out().contains("COLO mode primary"));

        // The OCF agent on each host (roles swapped by the resume): hostb promoted, hosta the secondary.
        assertEquals(8, coloctl("agent", "monitor", "--node", "hostb").code());
        assertEquals(0, coloctl("agent", "monitor", "--node", "hosta").code());
        Run early = coloctl("agent", "promote", "--node", "hosta");
        assertEquals(1, early.code(), "never promoted while the peer's QEMU answers: " + early.out());
        assertTrue(early.out().contains("two primaries"), early.out());
        h.check(Command.of("kill", "-KILL", Files.readString(pairDir.resolve("secondary/qemu.pid")).strip()));
        assertEquals(7, coloctl("agent", "monitor", "--node", "hostb").code());
        Run promote = coloctl("agent", "promote", "--node", "hosta");
        assertEquals(0, promote.code(), promote.out());
        assertTrue(promote.out().contains("failover-to-secondary: done"), promote.out()); // named by the survivor's role
        assertEquals(8, coloctl("agent", "monitor", "--node", "hosta").code(), "hosta runs alone: promoted");

        Run down = coloctl("down");
        assertEquals(0, down.code(), down.out());
        String journal = Files.readString(journalFile);
        assertTrue(journal.substring(Math.min(journalBefore, journal.length())).contains("x-colo-lost-heartbeat"),
                "this run's failover is in the console's journal");
    }
}
