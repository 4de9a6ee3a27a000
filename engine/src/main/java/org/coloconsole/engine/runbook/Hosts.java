package org.coloconsole.engine.runbook;

import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.cluster.HostAccess;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.remote.ssh.SshTarget;

/** Opens the {@link Host} a profile's host access describes. */
public final class Hosts {
    private Hosts() {
    }

    public static Host open(HostAccess access, SshConnector ssh) {
        if (access instanceof HostAccess.Ssh s) {
            List<java.nio.file.Path> ids = new ArrayList<>();
            if (s.identity() != null) {
                ids.add(s.identity());
            }
            return ssh.host(new SshTarget(s.user(), s.host(), s.port(), ids, s.knownHosts()));
        }
        return new LocalHost();
    }
}
