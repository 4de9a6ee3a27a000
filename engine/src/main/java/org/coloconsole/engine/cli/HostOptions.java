package org.coloconsole.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.remote.ssh.SshTarget;
import picocli.CommandLine.Option;

/** How a command reaches a host: {@code --host local} or {@code --host user@host[:port]} with keys. */
final class HostOptions {
    private static final Pattern SSH = Pattern.compile("([^@\\s]+)@([^:\\s]+)(?::(\\d+))?");

    @Option(names = "--host", defaultValue = "local",
            description = "local, or user@host[:port] to go over SSH (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = {"-i", "--identity"}, description = "SSH private key file (repeatable)")
    List<Path> identities = new ArrayList<>();

    @Option(names = "--known-hosts", description = "known_hosts file (default: ~/.ssh/known_hosts)")
    Path knownHosts;

    /** Opens the host; {@code connector} is created only for SSH and must be closed by the caller. */
    Host open(SshConnector[] connector) {
        if ("local".equals(host)) {
            return new LocalHost();
        }
        Matcher m = SSH.matcher(host);
        if (!m.matches()) {
            throw new IllegalArgumentException("--host: expected 'local' or user@host[:port], got '" + host + "'");
        }
        int port = m.group(3) == null ? 22 : Integer.parseInt(m.group(3));
        connector[0] = new SshConnector();
        return connector[0].host(new SshTarget(m.group(1), m.group(2), port, identities, knownHosts));
    }
}
