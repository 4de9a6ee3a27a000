package org.coloconsole.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix's "never two primaries" oracle must be able to fail: two real QEMUs that both
 * run outside COLO are a violation; one of them paused (-S, as a secondary waits) is not.
 */
@Tag("integration")
class TwoPrimariesWatchIT {
    @TempDir
    Path dir;

    @Test
    void twoRunningGuestsOutsideColoAreSeenAndAPausedOneIsNot() throws Exception {
        try (QemuFixture a = QemuFixture.start(dir.resolve("a"));
             QemuFixture paused = QemuFixture.start(dir.resolve("b"), "-S")) {
            try (TwoPrimariesWatch w = new TwoPrimariesWatch(List.of(a.socket(), paused.socket()), "no-such-netns",
                    "52:54:00:12:34:56").start()) {
                Waits.until(() -> w.samples() > 10, Duration.ofSeconds(10), "samples");
                assertEquals(List.of(), w.violations(), "one running guest and one paused: no violation");
            }
            try (QemuFixture b = QemuFixture.start(dir.resolve("c"));
                 TwoPrimariesWatch w = new TwoPrimariesWatch(List.of(a.socket(), b.socket()), "no-such-netns",
                         "52:54:00:12:34:56").start()) {
                Waits.until(() -> !w.violations().isEmpty(), Duration.ofSeconds(10), "the violation seen");
                assertTrue(w.violations().get(0).contains("two guests run outside COLO"), w.violations().get(0));
                assertFalse(w.violations().get(0).contains("silent"), w.violations().get(0));
            }
        }
    }
}
