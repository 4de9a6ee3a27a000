package org.coloconsole.engine.control;

import java.nio.file.Path;
import java.util.List;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;

/**
 * Another process that takes a pair's lock (as a second console or coloctl would), says HELD,
 * and keeps it until its stdin ends or it is killed. For {@link PairLockIT}.
 */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        PairSpec pair = PairLockIT.pair(Path.of(args[0]));
        try (PairLock lock = PairLock.acquire(pair, null, List.of(), args[1])) {
            System.out.println("HELD " + ProcessHandle.current().pid());
            System.out.flush();
            System.in.read(); // until EOF or SIGKILL
        } catch (PairBusyException e) {
            System.out.println("BUSY " + e.getMessage());
        }
    }

    static PairSpec lab(Path dir) {
        return org.coloconsole.engine.cluster.ProfileLoader.parse("t", LabProfile.yaml(dir.resolve("assets"), dir))
                .pairs().get(0);
    }
}
