package org.coloconsole.engine.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.coloconsole.engine.model.ClusterStatus;
import org.junit.jupiter.api.Test;

/** crm_mon's XML as Pacemaker 2.1.5 wrote it in the lab (saved from PacemakerE2E runs). */
class CrmMonTest {
    private static String sample(String name) throws Exception {
        try (var in = CrmMonTest.class.getResourceAsStream("/pacemaker/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void afterAFenceThePromotedNodeTheFailureAndTheFencingAreRead() throws Exception {
        ClusterStatus st = CrmMon.parse(sample("crm_mon-after-fence.xml"), "colo-lab-clone", "hosta");
        assertTrue(st.quorate());
        assertEquals(List.of("hosta", "hostb"), st.nodes().stream().map(ClusterStatus.Node::name).toList());
        assertEquals("hosta", st.promoted(), st.text());
        assertEquals(List.of(), st.unpromoted(), "the fenced node runs nothing");
        assertEquals(1, st.failed().size(), st.text());
        assertTrue(st.failed().get(0).startsWith("colo-lab_monitor_3000 on hosta: not running"), st.failed().toString());
        assertEquals(1, st.fencing().size());
        assertTrue(st.fencing().get(0).startsWith("reboot of hostb by hosta: success"), st.fencing().toString());
        assertTrue(st.text().contains("promoted: hosta"), st.text());
        assertEquals(java.util.Map.of("hosta", 100), st.scores(), "the agent's promotion score");
    }

    @Test
    void aStoppedCloneIsPromotedNowhere() throws Exception {
        ClusterStatus st = CrmMon.parse(sample("crm_mon-stopped.xml"), "colo-lab-clone", "hosta");
        assertNull(st.promoted());
        assertEquals(List.of(), st.unpromoted());
        assertTrue(st.nodes().stream().allMatch(ClusterStatus.Node::online));
        // Another pair's clone id finds nothing of this one.
        assertNull(CrmMon.parse(sample("crm_mon-after-fence.xml"), "colo-other-clone", "hosta").promoted());
    }

    @Test
    void notCrmMonXmlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CrmMon.parse("Connection refused", "c", "hosta"));
    }
}
