package org.coloconsole.engine.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resident agent's request: what the shell agent sends is what coloctl agent would have read from its environment. */
class AgentRequestTest {
    private static final Map<String, String> NOTIFY = Map.of(
            "OCF_RESOURCE_INSTANCE", "colo-lab:1",
            "OCF_RESKEY_CRM_meta_notify_type", "post",
            "OCF_RESKEY_CRM_meta_notify_operation", "promote",
            "OCF_RESKEY_CRM_meta_notify_promote_uname", "hosta ",
            "OCF_RESKEY_CRM_meta_notify_stop_uname", "hostb");

    @Test
    void aNotificationNamesTheNodesOfItsOwnOperation() {
        AgentRequest r = AgentRequest.fromEnvironment("notify", Path.of("/etc/colo-console/colo.yaml"), "lab", "hostb", NOTIFY);
        assertEquals("post", r.notifyType());
        assertEquals("promote", r.notifyOperation());
        assertEquals(List.of("hosta"), r.notifyUnames(), "the promote's nodes, not the stop's");
        assertEquals("colo-lab:1", r.resource());
    }

    @Test
    void theTextTheShellWritesReadsBackAsTheSameRequest() {
        AgentRequest r = AgentRequest.fromEnvironment("notify", Path.of("/etc/colo-console/colo.yaml"), "lab", "hostb", NOTIFY);
        assertEquals(r, AgentRequest.parse(r.toText()));
        // As the shell writes it: every field, empty ones too, and an operation's uname line.
        String shell = "action=monitor\nprofile=/p.yaml\npair=lab\nnode=hosta\nOCF_RESOURCE_INSTANCE=\n"
                + "OCF_RESKEY_CRM_meta_notify_type=\nOCF_RESKEY_CRM_meta_notify_operation=\nOCF_RESKEY_CRM_meta_notify_none_uname=\n";
        AgentRequest m = AgentRequest.parse(shell);
        assertEquals("monitor", m.action());
        assertEquals(Path.of("/p.yaml"), m.profile());
        assertEquals("lab", m.pair());
        assertEquals(List.of(), m.notifyUnames());
        assertNull(m.resource(), "no resource outside Pacemaker");
        AgentRequest builtIn = AgentRequest.parse("action=monitor\nprofile=\npair=\nnode=hosta\n");
        assertNull(builtIn.profile(), "no profile: the built-in one");
        assertNull(builtIn.pair(), "no pair: the profile's first");
    }

    /** OCF: an action the agent does not implement is OCF_ERR_UNIMPLEMENTED (3), answered before any profile is read. */
    @Test
    void anUnknownActionIsUnimplemented() {
        var s = PacemakerAgent.answer(null, new AgentRequest("migrate_to", Path.of("/nonexistent.yaml"), "lab", "hosta", null,
                null, null, null));
        assertEquals(org.coloconsole.engine.model.OcfStatus.ERR_UNIMPLEMENTED, s.code(), s.reason());
        assertTrue(s.reason().contains("'migrate_to'"), s.reason());
    }

    @Test
    void badRequestsAreRefusedNamingWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentRequest.parse("node=hosta\n")).getMessage()
                .contains("no action"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentRequest.parse("action=monitor\ngarbage\n"))
                .getMessage().contains("'garbage'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentRequest.parse("action=monitor\n")).getMessage()
                .contains("--node"));
        AgentRequest broken = new AgentRequest("monitor", Path.of("/a\nb.yaml"), "lab", "hosta", null, null, null, null);
        assertTrue(assertThrows(IllegalArgumentException.class, broken::toText).getMessage().contains("'profile'"));
    }
}
