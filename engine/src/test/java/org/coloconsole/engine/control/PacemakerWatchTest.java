package org.coloconsole.engine.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.coloconsole.engine.model.ClusterStatus;
import org.junit.jupiter.api.Test;

/** Each Pacemaker transition becomes one line on the console's log, and nothing else does. */
class PacemakerWatchTest {
    private static final ClusterStatus.Node A = new ClusterStatus.Node("hosta", true, false, false);
    private static final ClusterStatus.Node B = new ClusterStatus.Node("hostb", true, false, false);

    private static ClusterStatus st(List<ClusterStatus.Node> nodes, String promoted, List<String> unpromoted, List<String> fencing) {
        return new ClusterStatus("hosta", true, "hosta", false, nodes, promoted, unpromoted, List.of(), fencing, java.util.Map.of());
    }

    @Test
    void aFailoverReadsAsItsStages() {
        ClusterStatus protectedPair = st(List.of(A, B), "hosta", List.of("hostb"), List.of());
        assertEquals(List.of(), PacemakerWatch.differences(protectedPair, protectedPair), "no change, no line");
        ClusterStatus lost = st(List.of(A, new ClusterStatus.Node("hostb", false, true, false)), "hosta", List.of(), List.of());
        assertEquals(List.of("Pacemaker: node hostb UNCLEAN (not fenced yet)", "Pacemaker: unpromoted on no node"),
                PacemakerWatch.differences(protectedPair, lost));
        ClusterStatus fenced = st(List.of(A, new ClusterStatus.Node("hostb", false, false, false)), "hosta", List.of(),
                List.of("reboot of hostb by hosta: success"));
        assertEquals(List.of("Pacemaker: node hostb offline", "Pacemaker: fencing reboot of hostb by hosta: success"),
                PacemakerWatch.differences(lost, fenced));
        List<String> first = PacemakerWatch.differences(null, protectedPair);
        assertTrue(first.contains("Pacemaker: promoted on hosta") && first.contains("Pacemaker: quorate (asked hosta)"), first.toString());
    }
}
