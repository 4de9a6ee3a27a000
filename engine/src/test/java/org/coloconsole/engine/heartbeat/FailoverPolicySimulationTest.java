package org.coloconsole.engine.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The failover policy under scripted faults on a simulated clock (1 s heartbeats, 3 misses),
 * compared with golden logs of the expected transitions. A changed log is a changed behaviour:
 * read the diff, then update the golden file on purpose (run with -Dgolden.update=true).
 */
class FailoverPolicySimulationTest {
    private static final NodeHealth OK = NodeHealth.healthy();
    private static final SplitBrainGuard FENCE = new SplitBrainGuard.Fence(target -> null, 5000);

    /** Runs {@code beats} heartbeats; {@code script} gives both nodes' health at beat i. */
    private static List<String> simulate(FailoverPolicy policy, int beats, IntFunction<NodeHealth[]> script,
                                         FenceScript fence) {
        List<String> decisions = new ArrayList<>();
        for (int i = 0; i < beats; i++) {
            long now = i * 1000L;
            NodeHealth[] h = script.apply(i);
            for (FailoverPolicy.Decision d : policy.heartbeat(now, h[0], h[1])) {
                decisions.add("t=" + now + " " + d);
                if (d instanceof FailoverPolicy.Decision.Fence f && fence != null) {
                    FenceScript.Outcome o = fence.outcome(f.node().label());
                    for (FailoverPolicy.Decision d2 : policy.fenceResult(now + o.afterMs(), o.afterMs(), o.success(), o.detail())) {
                        decisions.add("t=" + (now + o.afterMs()) + " " + d2);
                        if (d2 instanceof FailoverPolicy.Decision.Failover) {
                            policy.failoverResult(now + o.afterMs() + 40, true, "");
                        }
                    }
                }
                if (d instanceof FailoverPolicy.Decision.Failover) {
                    policy.failoverResult(now + 40, true, "");
                }
            }
        }
        List<String> all = new ArrayList<>(policy.log());
        all.add("-- decisions");
        all.addAll(decisions);
        all.add("-- final phase " + policy.phase());
        return all;
    }

    interface FenceScript {
        record Outcome(boolean success, long afterMs, String detail) {
        }

        Outcome outcome(String node);
    }

    private static void golden(String name, List<String> actual) throws IOException {
        String text = String.join("\n", actual) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/heartbeat/" + name + ".log"), text);
        }
        try (InputStream in = FailoverPolicySimulationTest.class.getResourceAsStream("/heartbeat/" + name + ".log")) {
            String expected = in == null ? "(no golden file " + name + ".log)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected, text, "golden log " + name);
        }
    }

    @Test
    void nodeDiesAndFencingSucceeds() throws IOException {
        golden("node-dies", simulate(new FailoverPolicy(3, FENCE, true), 8,
                i -> new NodeHealth[] {i >= 2 ? NodeHealth.dead(true) : OK, OK},
                node -> new FenceScript.Outcome(true, 300, "fence_virsh: off")));
    }

    @Test
    void nodeFlapsAndNothingHappens() throws IOException {
        golden("node-flaps", simulate(new FailoverPolicy(3, FENCE, true), 8,
                i -> new NodeHealth[] {i == 2 || i == 3 || i == 5 ? NodeHealth.dead(false) : OK, OK}, null));
    }

    @Test
    void partitionBetweenTheNodesWhileTheConsoleSeesBoth() throws IOException {
        // The nodes lost each other (the pair is Degraded), but both answer the console: no failover.
        NodeHealth cutOff = new NodeHealth(true, true, true, true);
        golden("partition-between-nodes", simulate(new FailoverPolicy(3, new SplitBrainGuard.Witness(), true), 6,
                i -> new NodeHealth[] {i >= 1 ? cutOff : OK, i >= 1 ? cutOff : OK}, null));
    }

    @Test
    void consoleLosesOneNodeThatThePeerStillSees() throws IOException {
        golden("partition-console-primary", simulate(new FailoverPolicy(3, new SplitBrainGuard.Witness(), true), 6,
                i -> new NodeHealth[] {i >= 1 ? new NodeHealth(false, false, true, false) : OK, OK}, null));
    }

    @Test
    void witnessConfirmsADeath() throws IOException {
        golden("witness-confirms", simulate(new FailoverPolicy(3, new SplitBrainGuard.Witness(), true), 6,
                i -> new NodeHealth[] {OK, i >= 1 ? NodeHealth.dead(true) : OK}, null));
    }

    @Test
    void consoleLosesBothNodes() throws IOException {
        golden("console-loses-both", simulate(new FailoverPolicy(3, FENCE, true), 6,
                i -> new NodeHealth[] {i >= 1 ? NodeHealth.dead(false) : OK, i >= 1 ? NodeHealth.dead(false) : OK}, null));
    }

    /**
     * The console loses both nodes for 5 beats, then only the primary comes back: the secondary's
     * misses counted while the console was blind do not count; it needs 3 fresh ones.
     */
    @Test
    void consoleLosesBothThenOneReturnsAndFreshMissesAreNeeded() throws IOException {
        FailoverPolicy p = new FailoverPolicy(3, FENCE, true);
        List<String> out = simulate(p, 10, i -> new NodeHealth[] {i >= 1 && i < 6 ? NodeHealth.dead(false) : OK,
                i >= 1 ? NodeHealth.dead(i >= 6) : OK}, node -> new FenceScript.Outcome(true, 200, "fenced"));
        golden("console-loses-both-uneven-return", out);
        // Blind until t=5000; the secondary's misses count again from t=6000: dead at t=8000, not at t=6000.
        String fence = out.stream().filter(l -> l.contains("Fence[")).findFirst().orElse("(no fence)");
        assertEquals("t=8000 Fence[node=secondary]", fence);
    }

    /**
     * A cut replication link: the secondary's QEMU blocks on the dead socket, its QMP goes silent,
     * but its process lives and its host answers. Hung, not dead: one alert, no fence, no failover.
     * Then the process really dies: only now is it fenced.
     */
    @Test
    void aHungNodeIsNotDeadAndIsNeverFencedAutomatically() throws IOException {
        NodeHealth hung = new NodeHealth(false, true, true, false);
        List<String> out = simulate(new FailoverPolicy(3, FENCE, true), 12,
                i -> new NodeHealth[] {OK, i >= 1 && i < 8 ? hung : i >= 8 ? NodeHealth.dead(true) : OK},
                node -> new FenceScript.Outcome(true, 300, "off, verified"));
        golden("hung-node", out);
        assertEquals(1, out.stream().filter(l -> l.startsWith("t=") && l.contains("Alert[") && l.contains("hung")).count());
        String fence = out.stream().filter(l -> l.contains("Fence[")).findFirst().orElse("(no fence)");
        assertEquals("t=8000 Fence[node=secondary]", fence, "fenced only once the process is gone");
    }

    /** The deadline counts from the fence's own start: a beat that waited on SSH does not eat it. */
    @Test
    void theFenceDeadlineCountsFromTheFencesOwnStart() {
        FailoverPolicy p = new FailoverPolicy(1, FENCE, true);
        assertEquals(List.of(new FailoverPolicy.Decision.Fence(org.coloconsole.engine.model.Role.PRIMARY)), p.heartbeat(0, NodeHealth.dead(true), OK));
        // The result arrives 7 s after the beat (the beat itself spent 4 s on SSH timeouts), the fence took 3 s.
        List<FailoverPolicy.Decision> d = p.fenceResult(7000, 3000, true, "off, verified");
        assertEquals(List.of(new FailoverPolicy.Decision.Failover(org.coloconsole.engine.model.Role.SECONDARY, org.coloconsole.engine.model.Role.PRIMARY)), d);
        FailoverPolicy late = new FailoverPolicy(1, FENCE, true);
        late.heartbeat(0, NodeHealth.dead(true), OK);
        assertEquals(FailoverPolicy.Phase.FENCING, late.phase());
        late.fenceResult(5200, 5200, true, "off after 5.2 s");
        assertEquals(FailoverPolicy.Phase.HALTED, late.phase(), "past its own 5 s deadline");
    }

    /**
     * The console's link to the secondary is cut; the pair is fine (the primary still sees it,
     * checkpoints flow). Observer blind: one alert, no fence. Later the secondary really dies
     * (the primary loses it too): fenced at once, its misses already counted.
     */
    @Test
    void aNodeOnlyTheConsoleLostIsNeverFenced() throws IOException {
        NodeHealth cutFromConsole = new NodeHealth(false, false, false, false);
        List<String> out = simulate(new FailoverPolicy(3, FENCE, true), 10,
                i -> new NodeHealth[] {OK, i >= 1 && i < 7 ? cutFromConsole : i >= 7 ? NodeHealth.dead(true) : OK},
                node -> new FenceScript.Outcome(true, 300, "off, verified"));
        golden("observer-blind", out);
        assertEquals(1, out.stream().filter(l -> l.startsWith("t=") && l.contains("Alert[") && l.contains("still sees it")).count());
        String fence = out.stream().filter(l -> l.contains("Fence[")).findFirst().orElse("(no fence)");
        assertEquals("t=7000 Fence[node=secondary]", fence, "fenced only once the primary lost it too");
    }

    @Test
    void fencingFails() throws IOException {
        golden("fencing-fails", simulate(new FailoverPolicy(3, FENCE, true), 7,
                i -> new NodeHealth[] {i >= 1 ? NodeHealth.dead(true) : OK, OK},
                node -> new FenceScript.Outcome(false, 800, "fence_virsh: connection refused (exit 1)")));
    }

    @Test
    void fencingSucceedsTooLate() throws IOException {
        FailoverPolicy p = new FailoverPolicy(3, FENCE, true);
        List<String> out = simulate(p, 10, i -> new NodeHealth[] {i >= 1 ? NodeHealth.dead(true) : OK, OK},
                node -> new FenceScript.Outcome(true, 9000, "fence_virsh: off (after 9 s)"));
        golden("fencing-late", out);
    }

    @Test
    void theDeadPrimaryComesBackAndIsFencedAgain() throws IOException {
        golden("dead-node-returns", simulate(new FailoverPolicy(2, FENCE, true), 8,
                i -> new NodeHealth[] {i >= 1 && i < 5 ? NodeHealth.dead(true) : OK, OK},
                node -> new FenceScript.Outcome(true, 200, "fenced")));
    }

    @Test
    void withoutAGuardTheConsoleOnlyAlerts() throws IOException {
        golden("no-guard", simulate(new FailoverPolicy(3, new SplitBrainGuard.None(), true), 6,
                i -> new NodeHealth[] {i >= 1 ? NodeHealth.dead(true) : OK, OK}, null));
    }
}
