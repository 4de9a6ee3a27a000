package org.coloconsole.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.coloconsole.app.profile.ProfileForm;
import org.coloconsole.engine.cluster.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.junit.jupiter.api.Test;

/** The editor's form round-trips a pair through the profile document the engine parses. */
class ProfileFormTest {
    @Test
    void theLabPairRoundTripsThroughTheForm() {
        PairSpec lab = LabProfile.profile().pairs().get(0);
        PairSpec back = ProfileLoader.parse("form", ProfileForm.from(lab, "lab").toYaml()).pairs().get(0);
        assertEquals(lab, back);
    }

    /** The two-host lab's pair: ssh hosts with key and known_hosts, tap with bridge helper and MAC, a fence. */
    @Test
    void theTwoHostLabPairRoundTripsWithItsFenceAndTapKeys() {
        var topo = new org.coloconsole.engine.lab.LabTopology("cx", "10.250.0", java.nio.file.Path.of("/srv/lab state"));
        PairSpec lab = ProfileLoader.parse("lab", LabProfile.twoHostYaml(topo, java.nio.file.Path.of("/opt/lab"),
                java.nio.file.Path.of("/opt/lab/lab-fence.sh"))).pairs().get(0);
        PairSpec back = ProfileLoader.parse("form", ProfileForm.from(lab, "lab").toYaml()).pairs().get(0);
        assertEquals(lab, back);
        assertEquals(java.util.List.of("bash", "/opt/lab/lab-fence.sh", "cx", "{node}"), back.fence());
        assertEquals(java.util.List.of("a b", "it's", "{pid}"), ProfileForm.words("'a b' 'it'\\''s' {pid}"));
    }

    @Test
    void engineErrorFieldsMapToFormKeys() {
        assertEquals("primary.portBase", ProfileForm.keyOf("pairs[0].primary.portBase"));
        assertEquals("secondary.network.hostForwards", ProfileForm.keyOf("pairs[0].secondary.network.hostForwards[1]"));
        assertEquals("name", ProfileForm.keyOf("pairs[0].name"));
    }
}
