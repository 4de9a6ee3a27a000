package org.coloconsole.engine.remote.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to reach a host over SSH.
 *
 * @param user       login name
 * @param host       host name or address
 * @param port       SSH port
 * @param identities private key files (ed25519, ecdsa, rsa); no password is ever stored
 * @param knownHosts the known_hosts file that vouches for host keys (the user's by default)
 */
public record SshTarget(String user, String host, int port, List<Path> identities, Path knownHosts) {

    public SshTarget {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        if (user.isBlank()) {
            throw new IllegalArgumentException("ssh user must not be empty");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("ssh host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ssh port must be 1..65535, was " + port);
        }
        identities = List.copyOf(identities);
        knownHosts = knownHosts != null ? knownHosts : defaultKnownHosts();
    }

    public static Path defaultKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    /** The name used in messages: {@code user@host:port}. */
    public String display() {
        return user + "@" + host + ":" + port;
    }

    /** The host as known_hosts writes it: {@code host} on port 22, else {@code [host]:port}. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
