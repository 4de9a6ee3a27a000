package org.coloconsole.engine.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.cluster.ProfileWriterTestKeys;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The cluster a profile asks for, rendered; and the pairs that must not be put under Pacemaker, refused. */
class ClusterPlanTest {
    static PairSpec pair(String yaml) {
        return ProfileLoader.parse("test", yaml).pairs().get(0);
    }

    static final String EVERY = ProfileWriterTestKeys.EVERY_KEY;

    @Test
    void corosyncConfHasBothHostsTheTokenAndTheQuorumDevice() {
        String conf = ClusterPlan.of(pair(EVERY), Path.of("/etc/colo-console/rack-7.yaml"), Path.of("/usr/bin/coloctl")).corosyncConf();
        assertTrue(conf.contains("cluster_name: colo-rack-7"), conf);
        assertTrue(conf.contains("token: 500") && conf.contains("consensus: 600"), conf);
        assertTrue(conf.contains("ring0_addr: 10.77.1.1\n    name: hosta\n    nodeid: 1"), conf);
        assertTrue(conf.contains("ring0_addr: 10.77.1.2\n    name: hostb\n    nodeid: 2"), conf);
        assertTrue(conf.contains("host: 10.77.9.9") && conf.contains("port: 5404") && conf.contains("algorithm: ffsplit"), conf);
    }

    @Test
    void theCibFencesEachNodeWithItsOwnAgentNeverFromItself() throws Exception {
        ClusterPlan plan = ClusterPlan.of(pair(EVERY), Path.of("/etc/colo-console/rack-7.yaml"), Path.of("/usr/bin/coloctl"));
        Document d = xml(plan.cib(true));
        assertEquals("true", nvpair(d, "stonith-enabled"));
        assertEquals("stop", nvpair(d, "no-quorum-policy"));
        assertEquals("45s", nvpair(d, "stonith-timeout"), "the longest fence deadline");
        Element fenceA = byId(d, "fence-hosta");
        assertEquals("stonith", fenceA.getAttribute("class"));
        assertEquals("fence_ipmilan", fenceA.getAttribute("type"));
        assertEquals("hosta", nvpairIn(fenceA, "pcmk_host_list"));
        assertEquals("s3cret: yes", nvpairIn(fenceA, "password"));
        assertEquals("fence_colo_lab", byId(d, "fence-hostb").getAttribute("type"));
        Element clone = byId(d, "colo-rack-7-clone");
        assertEquals("true", nvpairIn(clone, "promotable"));
        Element agent = byId(d, "colo-rack-7");
        assertEquals("ocf", agent.getAttribute("class"));
        assertEquals("colo-console", agent.getAttribute("provider"));
        assertEquals("colo", agent.getAttribute("type"));
        assertEquals("rack-7", nvpairIn(agent, "pair"));
        NodeList locations = d.getElementsByTagName("rsc_location");
        assertEquals(2, locations.getLength());
        for (int i = 0; i < locations.getLength(); i++) {
            Element l = (Element) locations.item(i);
            assertEquals("-INFINITY", l.getAttribute("score"));
            assertEquals("fence-" + l.getAttribute("node"), l.getAttribute("rsc"), "a fence device kept off the node it fences");
        }
        Set<String> ids = new HashSet<>();
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            String id = ((Element) all.item(i)).getAttribute("id");
            assertTrue(id.isEmpty() || ids.add(id), "duplicate id " + id);
        }
    }

    @Test
    void theDryRunNeverShowsASecret() {
        String dry = ClusterPlan.of(pair(EVERY), Path.of("/etc/p.yaml"), Path.of("/usr/bin/coloctl")).dryRun();
        assertFalse(dry.contains("s3cret"), dry);
        assertTrue(dry.contains("value=\"***\""), dry);
        assertTrue(dry.contains("corosync.conf") && dry.contains("cibadmin"), dry);
    }

    @Test
    void pairsThatCouldMakeTwoPrimariesAreRefusedWithTheReason() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ClusterPlan.of(
                pair(EVERY.replaceAll("(?s)    pacemaker:.*?qdeviceTls: false\n", "")), Path.of("/p"), Path.of("/usr/bin/coloctl")));
        assertTrue(none.getMessage().contains("no 'pacemaker' keys"), none.getMessage());
        IllegalArgumentException noQuorum = assertThrows(IllegalArgumentException.class, () -> ClusterPlan.of(
                pair(EVERY.replace("      qdevice: 10.77.9.9\n", "")), Path.of("/p"), Path.of("/usr/bin/coloctl")));
        assertTrue(noQuorum.getMessage().contains("pacemaker.qdevice: two nodes need a quorum device"), noQuorum.getMessage());
        IllegalArgumentException notAFenceAgent = assertThrows(IllegalArgumentException.class, () -> ClusterPlan.of(
                pair(EVERY.replace("/usr/sbin/fence_ipmilan", "/usr/local/bin/power-off")), Path.of("/p"), Path.of("/usr/bin/coloctl")));
        assertTrue(notAFenceAgent.getMessage().contains("primary.fence.agent"), notAFenceAgent.getMessage());
    }

    @Test
    void aNodeWithoutAFenceIsRefused() {
        // The parser already refuses a fence on one node only; a pair with none at all reaches the plan.
        String noFences = EVERY.replaceAll("(?s)      fence:\n        agent: /usr/sbin/fence_ipmilan.*?level: host\n", "")
                .replaceAll("(?s)      fence:\n        agent: /usr/sbin/fence_colo_lab.*?level: process\n", "");
        assertFalse(noFences.contains("fence:"), noFences);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterPlan.of(pair(noFences), Path.of("/p"), Path.of("/usr/bin/coloctl")));
        assertTrue(e.getMessage().contains("primary.fence: Pacemaker fences before it promotes")
                && e.getMessage().contains("secondary.fence"), e.getMessage());
    }

    @Test
    void valuesAreEscapedInTheXml() throws Exception {
        String odd = EVERY.replace("password: \"s3cret: yes\"", "password: \"a<b & \\\"c\\\"\"");
        Document d = xml(ClusterPlan.of(pair(odd), Path.of("/p"), Path.of("/usr/bin/coloctl")).cib(true));
        assertEquals("a<b & \"c\"", nvpairIn(byId(d, "fence-hosta"), "password"));
    }

    static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element byId(Document d, String id) {
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            if (id.equals(((Element) all.item(i)).getAttribute("id"))) {
                return (Element) all.item(i);
            }
        }
        throw new AssertionError("no element " + id);
    }

    private static String nvpair(Document d, String name) {
        return nvpairIn(d.getDocumentElement(), name);
    }

    private static String nvpairIn(Element e, String name) {
        NodeList nv = e.getElementsByTagName("nvpair");
        for (int i = 0; i < nv.getLength(); i++) {
            Element n = (Element) nv.item(i);
            if (name.equals(n.getAttribute("name"))) {
                return n.getAttribute("value");
            }
        }
        throw new AssertionError("no nvpair " + name);
    }
}
