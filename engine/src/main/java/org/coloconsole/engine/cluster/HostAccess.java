package org.coloconsole.engine.cluster;

import java.nio.file.Path;

/** How the engine reaches a node: this machine, or SSH. */
public sealed interface HostAccess {

    /** The same machine as the console (the local lab). */
    record Local() implements HostAccess {
        @Override
        public String toString() {
            return "local";
        }
    }

    /**
     * Over SSH. {@code identity} null: the ssh-agent only; {@code knownHosts} null: the user's
     * ~/.ssh/known_hosts.
     */
    record Ssh(String user, String host, int port, Path identity, Path knownHosts) implements HostAccess {
        @Override
        public String toString() {
            return "ssh://" + user + "@" + host + ":" + port;
        }
    }
}
