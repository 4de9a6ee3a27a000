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

    @Test
    void engineErrorFieldsMapToFormKeys() {
        assertEquals("primary.portBase", ProfileForm.keyOf("pairs[0].primary.portBase"));
        assertEquals("secondary.network.hostForwards", ProfileForm.keyOf("pairs[0].secondary.network.hostForwards[1]"));
        assertEquals("name", ProfileForm.keyOf("pairs[0].name"));
    }
}
