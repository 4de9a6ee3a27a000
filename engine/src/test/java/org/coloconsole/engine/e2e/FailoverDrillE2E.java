package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.cli.ColoCtl;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.DrillReport;
import org.coloconsole.engine.model.PairState;
import org.coloconsole.engine.testing.ConsoleRuns;
import org.coloconsole.engine.testing.TwoHostLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The failover drill on the two-host lab, with the lab's real client (the service probe from the
 * client namespace) and the guest's real disk (durable writes read back from the survivor):
 * <ol>
 * <li>a drill kills the primary's QEMU on hostA: the pair fails over to hostB, the data check
 * passes, the pair is Protected again with roles swapped, and the JSON holds the gap, the step
 * times and the data check;</li>
 * <li>a drill the other way (the primary now on hostB) with failback: hostA takes over, then
 * hostB again, so the pair ends in the roles it started in;</li>
 * <li>a drill of the secondary's QEMU: the primary goes on alone, then resyncs;</li>
 * <li>{@code coloctl drill} with an objective set impossibly low: a miss, exit 1, and the pair
 * still Protected.</li>
 * </ol>
 */
@Tag("e2e")
@Timeout(value = 25, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailoverDrillE2E {
    private TwoHostLab lab;
    private PairController console;
    private final List<String> lines = new ArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        lab = TwoHostLab.start("cd", "10.222.0", "");
        console = lab.controller(Duration.ofMillis(500));
    }

    @AfterAll
    void removeLab() throws Exception {
        org.coloconsole.engine.testing.Closing.all(console, lab);
    }

    @Test
    void drillsPassInBothDirectionsAndAMissedObjectiveExitsNonZeroWithThePairProtected() throws Exception {
        ConsoleRuns.ok(console, console.protectPlan());
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
        // The guest boots under COLO: wait until the probe (the client's echo connection) answers.
        awaitProbeAnswers(Duration.ofSeconds(180));

        DrillReport there = drill(Slot.PRIMARY_NODE, false);
        assertEquals(Slot.SECONDARY_NODE, console.primaryNow(), "roles swapped: hostB is the primary now");
        assertJson(there);
        // The other way, with failback: hostB's primary killed (hostA takes over), then hostA's
        // (hostB takes over again): the pair ends in the roles it started the drill in.
        DrillReport back = drill(Slot.SECONDARY_NODE, true);
        assertEquals("primary", back.killedRole(), "hostB's QEMU was the primary's");
        assertTrue(back.phases().stream().anyMatch(p -> p.name().equals("failback: resume") && p.ok()), back.phases().toString());
        assertTrue(back.dataCheck().detail().contains("failback: 20 of 20"), back.dataCheck().detail());
        assertEquals(Slot.SECONDARY_NODE, console.primaryNow(), "failed back: hostB is the primary again");
        DrillReport secondary = drill(Slot.PRIMARY_NODE, false);
        assertEquals("secondary", secondary.killedRole(), "the secondary's QEMU killed: the primary went on alone");
        assertEquals(Slot.SECONDARY_NODE, console.primaryNow(), "the primary stays where it was");
        System.out.println("[drill e2e] client gaps: " + List.of(there.clientGapMs(), back.clientGapMs(), secondary.clientGapMs())
                + " ms; Protected again after " + List.of(there.toProtectedMs(), back.toProtectedMs(), secondary.toProtectedMs()) + " ms");

        console.close();
        interruptedDrillIsFinishedByTheNextStart();

        // coloctl drill, as cron runs it, with an objective no failover can meet.
        Path impossible = lab.topo.stateDir().resolve("impossible.yaml");
        String yaml = Files.readString(lab.profile);
        assertTrue(yaml.contains("maxClientGapMs: 5000"), yaml);
        Files.writeString(impossible, yaml.replace("maxClientGapMs: 5000", "maxClientGapMs: 1"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ColoCtl.run(new PrintWriter(out, true), new PrintWriter(err, true),
                new String[] {"drill", "--profile", impossible.toString(), "--pair", "lab", "--yes"});
        System.out.println("[drill e2e] coloctl drill (objective 1 ms): exit " + code + "\n" + out + err);
        assertEquals(1, code, "an objective missed: exit 1\n" + out + err);
        assertTrue(out.toString().contains("verdict: MISSED") && out.toString().contains("over the objective 1 ms"), out.toString());
        console = lab.controller(Duration.ofMillis(500));
        ConsoleRuns.awaitHealth(console, PairState.Health.PROTECTED, Duration.ofSeconds(60));
    }

    /**
     * coloctl drill in a process of its own, SIGKILLed once it has killed the primary's QEMU: the
     * journal shows a drill started and never finished; the next start (a coloctl or console
     * opening the pair) finishes it — failover if still needed, resume — and the pair is Protected.
     */
    private void interruptedDrillIsFinishedByTheNextStart() throws Exception {
        Path launcher = lab.topo.stateDir().resolve("coloctl-drill.sh");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' org.coloconsole.engine.cli.ColoCtl \"$@\"\n");
        launcher.toFile().setExecutable(true);
        Process p = new ProcessBuilder(List.of(launcher.toString(), "drill", "--profile", lab.profile.toString(), "--pair", "lab",
                "--yes")).redirectErrorStream(true).start();
        String seen = "";
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                seen += line + "\n";
                if (line.startsWith("phase fault")) {
                    p.destroyForcibly(); // the console dies right after the kill, before its failover
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("[drill e2e] coloctl drill SIGKILLed after:\n" + seen);
        assertTrue(seen.contains("phase fault"), "the drill reached its fault before it was killed:\n" + seen);
        try (var session = new org.coloconsole.engine.control.Session(); PairController next = session.open(lab.pair)) {
            next.start();
            String recovered = next.recovery().get(5, TimeUnit.MINUTES).orElse("(nothing recovered)");
            System.out.println("[drill e2e] the next start: " + recovered);
            assertTrue(recovered.contains("INTERRUPTED") && recovered.contains("Protected"), recovered);
            assertEquals(PairState.Health.PROTECTED, next.pollNow().health());
        }
    }

    /** A drill of {@code victim}'s QEMU that passes, leaves the pair Protected, and whose data check read every write back. */
    private DrillReport drill(Slot victim, boolean failback) {
        DrillReport r = console.drill(victim, "e2e", failback, line -> {
            lines.add(line);
            System.out.println("[drill e2e] " + line);
        });
        assertEquals(DrillReport.Verdict.PASSED, r.verdict(), "reasons: " + r.reasons());
        assertEquals("durable writes", r.dataCheck().kind());
        assertTrue(r.dataCheck().passed() && r.dataCheck().detail().startsWith("20 of 20"), r.dataCheck().detail());
        assertTrue(r.clientGapMs() > 0 && r.clientGapMs() <= 5_000, "the client's gap " + r.clientGapMs());
        assertTrue(r.detectMs() >= 0 && r.failoverMs() > 0 && r.toProtectedMs() > r.failoverMs(), r.toString());
        assertTrue(r.steps().stream().anyMatch(s -> s.id().equals("kill-qemu") && s.answer().contains("killed")), "the kill step");
        assertTrue(r.checkpointsAfter() > r.checkpointsBefore(), "checkpoints flow again");
        assertEquals(PairState.Health.PROTECTED, console.state().health());
        assertTrue(Files.exists(console.drillReportFile(r.id(), "html")), "the HTML report");
        return r;
    }

    private void assertJson(DrillReport r) throws Exception {
        JsonNode j = new ObjectMapper().readTree(console.drillReportFile(r.id(), "json").toFile());
        assertEquals("PASSED", j.path("verdict").asText());
        assertTrue(j.path("clientGapMs").asLong() > 0, j.toString());
        assertTrue(j.path("phases").size() >= 5 && j.path("phases").get(1).path("endMs").asLong() > 0, "phase times");
        assertTrue(j.path("steps").size() > 10, "every step with its command and answer");
        assertTrue(j.path("dataCheck").path("passed").asBoolean(), "the data check");
        assertTrue(j.path("probe").size() > 50, "the probe's answers for the chart");
        assertEquals(List.of(r.id()), console.drills().stream().map(DrillReport::id).limit(1).toList(), "listed, newest first");
    }

    private void awaitProbeAnswers(Duration within) {
        long[] last = {-1};
        console.addProbeListener(s -> {
            if (s.ok()) {
                last[0] = System.nanoTime();
            }
        });
        org.coloconsole.engine.testing.Waits.until(() -> last[0] > 0, within, "the service probe to get answers");
    }
}
