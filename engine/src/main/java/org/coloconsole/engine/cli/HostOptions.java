package org.coloconsole.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coloconsole.engine.cluster.HostAccess;
import picocli.CommandLine.Option;

/** How a command reaches a host: {@code --host local} or {@code --host user@host[:port]} with a key. */
final class HostOptions {
    private static final Pattern SSH = Pattern.compile("([^@\\s]+)@([^:\\s]+)(?::(\\d+))?");

    @Option(names = "--host", defaultValue = "local",
            description = "local, or user@host[:port] to go over SSH (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = {"-i", "--identity"}, description = "SSH private key file (default: the ssh-agent)")
    List<Path> identities = new ArrayList<>();

    @Option(names = "--known-hosts", description = "known_hosts file (default: ~/.ssh/known_hosts)")
    Path knownHosts;

    /** The host as a profile would name it. */
    HostAccess access() {
        if ("local".equals(host)) {
            return new HostAccess.Local();
        }
        Matcher m = SSH.matcher(host);
        if (!m.matches()) {
            throw new IllegalArgumentException("--host: expected 'local' or user@host[:port], got '" + host + "'");
        }
        if (identities.size() > 1) {
            throw new IllegalArgumentException("--identity: one key file, got " + identities.size());
        }
        int port = m.group(3) == null ? 22 : Integer.parseInt(m.group(3));
        return new HostAccess.Ssh(m.group(1), m.group(2), port, identities.isEmpty() ? null : identities.get(0), knownHosts);
    }
}
