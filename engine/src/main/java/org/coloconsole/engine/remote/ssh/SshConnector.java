package org.coloconsole.engine.remote.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The engine's one SSH client (its I/O threads are shared by every host). Hands out
 * {@link SshHost}s; closing it closes them all.
 */
public final class SshConnector implements AutoCloseable {
    static final AttributeRepository.AttributeKey<KnownHostsVerifier> VERIFIER = new AttributeRepository.AttributeKey<>();

    /** How long a login may take by default: a host across a WAN, or a loaded one. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final SshClient client;
    private final Path agentSocket;
    private volatile Duration connectTimeout = CONNECT_TIMEOUT;

    /** Uses the operator's ssh-agent when {@code SSH_AUTH_SOCK} is set. */
    public SshConnector() {
        this(Optional.ofNullable(System.getenv("SSH_AUTH_SOCK")).filter(s -> !s.isBlank()).map(Path::of).orElse(null));
    }

    /** With an explicit ssh-agent socket, or null for key files only. */
    public SshConnector(Path agentSocket) {
        this.agentSocket = agentSocket;
        client = SshClient.setUpDefaultClient();
        if (agentSocket != null) {
            client.setAgentFactory(new UnixAgentFactory(agentSocket));
        }
        // Keepalive: a dead peer is noticed within about 3 × 10 s even when no command runs.
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(10));
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, Duration.ofSeconds(5));
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        // Only what the profile says: no ~/.ssh/config rewriting hosts, no default identities.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        // Each session carries the verifier for its own target (host and port).
        ServerKeyVerifier dispatch = (session, remote, key) -> {
            KnownHostsVerifier v = session.getConnectionContext() == null ? null
                    : session.getConnectionContext().getAttribute(VERIFIER);
            return v != null && v.verifyServerKey(session, remote, key);
        };
        client.setServerKeyVerifier(dispatch);
        client.start();
    }

    /**
     * How long connecting and logging in to a host may take before it counts as not answering. A
     * powered-off host sends no reset, so every connection to it waits this long: the OCF agent,
     * whose peer is on the same LAN and whose failover pays every wait, uses a short one.
     */
    public SshConnector withConnectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    public SshHost host(SshTarget target) {
        return new SshHost(client, target, agentSocket != null, connectTimeout);
    }

    @Override
    public void close() {
        client.stop();
    }
}
