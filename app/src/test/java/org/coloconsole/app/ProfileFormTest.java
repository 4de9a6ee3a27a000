package org.coloconsole.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.coloconsole.app.profile.ProfileForm;
import org.coloconsole.engine.lab.LabProfile;
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
                java.nio.file.Path.of("/opt/lab/fence_colo_lab"))).pairs().get(0);
        PairSpec back = ProfileLoader.parse("form", ProfileForm.from(lab, "lab").toYaml()).pairs().get(0);
        assertEquals(lab, back);
        assertEquals("cx-hostB", back.secondary().fence().options().get("plug"));
        assertEquals(java.util.List.of("a b", "it's", "{pid}"), ProfileForm.words("'a b' 'it'\\''s' {pid}"));
    }

    /** A production fence: options with spaces and '=', a secret, a deadline and probes the form does not show. */
    @Test
    void aFenceWithSecretsAndOddValuesRoundTrips() {
        String yaml = LabProfile.yaml(java.nio.file.Path.of("/opt/lab"), java.nio.file.Path.of("/srv/pairs"),
                java.nio.file.Path.of("/usr/sbin/fence_ipmilan"))
                .replaceFirst("options: \\{pidfile: [^}]*}", "options: {ip: 10.0.0.5, username: admin, password: \"p w=1'x\"}\n"
                        + "        secret: [password]\n        verifyProbes: 5");
        PairSpec p = ProfileLoader.parse("p", yaml).pairs().get(0);
        assertEquals("p w=1'x", p.primary().fence().options().get("password"));
        PairSpec back = ProfileLoader.parse("form", ProfileForm.from(p, "lab").toYaml()).pairs().get(0);
        assertEquals(p, back);
        assertEquals(5, back.primary().fence().verifyProbes());
    }

    @Test
    void engineErrorFieldsMapToFormKeys() {
        assertEquals("primary.portBase", ProfileForm.keyOf("pairs[0].primary.portBase"));
        assertEquals("secondary.network.hostForwards", ProfileForm.keyOf("pairs[0].secondary.network.hostForwards[1]"));
        assertEquals("name", ProfileForm.keyOf("pairs[0].name"));
    }
}
