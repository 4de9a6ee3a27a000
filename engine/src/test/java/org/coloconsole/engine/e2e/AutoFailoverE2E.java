package org.coloconsole.engine.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat detects a dead primary, fences it, fails over, and the service answers. */
@Tag("e2e")
@Timeout(300)
class AutoFailoverE2E {
    @TempDir
    Path dir;

    @Test
    void aKilledPrimaryIsDetectedFencedAndFailedOverAutomatically() {
        AutoFailoverScenario.Result r = AutoFailoverScenario.run(dir, Duration.ofMillis(500), 3);
        String story = "states " + r.states() + "\npolicy " + r.policyLog() + "\nevidence " + r.evidence();
        assertTrue(r.policyLog().stream().anyMatch(l -> l.contains("-> FENCING")), story);
        assertTrue(r.policyLog().stream().anyMatch(l -> l.contains("-> RUNNING_ALONE")), story);
        int protectedAt = indexOf(r, "Protected");
        int downAt = Math.max(indexOf(r, "Not protected"), indexOf(r, "Failing over"));
        int aloneAt = indexOf(r, "running alone");
        assertTrue(protectedAt >= 0 && downAt > protectedAt && aloneAt >= downAt, story);
        assertTrue(r.evidence().stream().anyMatch(e -> e.contains("qmp silent")), story);
        // Detection is bound by the heartbeat: 3 misses of 500 ms, plus slack for a busy 2-core machine.
        assertTrue(r.rtoMs() < 3 * 500 + 4000, "RTO " + r.rtoMs() + " ms\n" + story);
    }

    private static int indexOf(AutoFailoverScenario.Result r, String text) {
        for (int i = 0; i < r.states().size(); i++) {
            if (r.states().get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
