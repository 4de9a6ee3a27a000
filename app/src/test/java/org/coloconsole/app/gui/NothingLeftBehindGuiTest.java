package org.coloconsole.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.coloconsole.engine.testing.Leftovers;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs after every other test class of the app: the GUI tests' labs and QEMUs are gone. */
@Tag("gui")
@Order(Integer.MAX_VALUE)
class NothingLeftBehindGuiTest {
    @Test
    void noLabNamespaceLinkOrQemuOfTheGuiTestsRemains() {
        assertEquals(List.of(), Leftovers.find(), "left behind by the GUI tests");
    }
}
