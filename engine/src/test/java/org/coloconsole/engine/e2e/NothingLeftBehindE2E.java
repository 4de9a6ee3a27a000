package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.coloconsole.engine.testing.Leftovers;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs after every other test class of the module: the labs, pairs and QEMUs they made are gone. */
@Tag("e2e")
@Order(Integer.MAX_VALUE)
class NothingLeftBehindE2E {
    @Test
    void noLabNamespaceLinkOrQemuOfTheTestsRemains() {
        assertEquals(List.of(), Leftovers.find(), "left behind by the tests");
    }
}
