package org.coloconsole.engine.control;

import java.nio.file.Path;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.pacemaker.ClusterPlan;

/** Putting a pair under Pacemaker: what would be set up, from the profile, refused with the reason when unsafe. */
public final class PacemakerSetup {
    private PacemakerSetup() {
    }

    /** Where the .deb installs coloctl on the hosts (the agent's {@code coloctl} parameter's default). */
    public static final java.nio.file.Path DEFAULT_COLOCTL = Path.of("/usr/bin/coloctl");

    /** Where the hosts read the pair's profile unless told otherwise. */
    public static Path defaultProfileOnHosts(PairSpec pair) {
        return Path.of("/etc/colo-console", pair.name() + ".yaml");
    }

    /**
     * The dry run of the set-up: corosync.conf and the CIB, fence secrets masked.
     *
     * @throws IllegalArgumentException naming every reason the pair cannot be put under Pacemaker
     */
    public static String plan(PairSpec pair, Path profileOnHosts, Path coloctlOnHosts) {
        return ClusterPlan.of(pair, profileOnHosts, coloctlOnHosts).dryRun();
    }
}
