package org.coloconsole.engine.remote.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.coloconsole.engine.remote.HostKeyException;

/**
 * Strict host-key checking against a known_hosts file: a key is accepted only if the file lists
 * it for this host and port. Unknown and changed keys are refused and remembered so the caller
 * can show the fingerprint; adding a key is the explicit {@link #trust} call, never automatic.
 */
final class KnownHostsVerifier implements ServerKeyVerifier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KnownHostsVerifier.class);

    private final SshTarget target;
    private volatile HostKeyException rejection;

    KnownHostsVerifier(SshTarget target) {
        this.target = target;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        rejection = null;
        List<KnownHostEntry> entries;
        try {
            entries = Files.exists(target.knownHosts())
                    ? KnownHostEntry.readKnownHostEntries(target.knownHosts()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + target.knownHosts(), e);
        }
        boolean hostListed = false;
        for (KnownHostEntry e : entries) {
            if (!e.isHostMatch(target.host(), target.port())) {
                continue;
            }
            PublicKey known = resolve(session, e);
            if (known == null) {
                continue;
            }
            boolean same = Arrays.equals(known.getEncoded(), key.getEncoded());
            if ("revoked".equals(e.getMarker())) {
                if (same) {
                    rejection = new HostKeyException(target.display(), key, KeyUtils.getFingerPrint(key), true,
                            target.knownHosts() + " (marked @revoked)");
                    return false;
                }
                continue;
            }
            if (e.getMarker() != null) {
                continue; // @cert-authority lines: host certificates are not used here
            }
            hostListed = true;
            if (same) {
                return true;
            }
        }
        rejection = new HostKeyException(target.display(), key, KeyUtils.getFingerPrint(key), hostListed,
                target.knownHosts().toString());
        return false;
    }

    private static PublicKey resolve(ClientSession session, KnownHostEntry e) {
        try {
            return e.getKeyEntry() == null ? null : e.getKeyEntry().resolvePublicKey(session, PublicKeyEntryResolver.IGNORING);
        } catch (IOException | GeneralSecurityException ex) {
            // a key type we cannot read cannot vouch for anything
            LOG.debug("a known_hosts entry cannot be read: {}", ex.toString());
            return null;
        }
    }

    /** Why the last verification failed, or null. */
    HostKeyException rejection() {
        return rejection;
    }

    /** Appends the key for this target to known_hosts (creating the file, mode 600). */
    static void trust(SshTarget target, PublicKey key) {
        try {
            Path file = target.knownHosts();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            String line = target.knownHostsName() + " " + PublicKeyEntry.toString(key) + "\n";
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("{} is not on a POSIX file system: its mode stays as it is", target.knownHosts());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the host key to " + target.knownHosts(), e);
        }
    }
}
