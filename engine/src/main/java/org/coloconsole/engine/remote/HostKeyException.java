package org.coloconsole.engine.remote;

import java.security.PublicKey;

/**
 * The host presented a key that known_hosts does not vouch for: unknown, or different from the
 * recorded one (possibly a man in the middle). The fingerprint is shown so the operator can
 * compare it out of band; trusting it is an explicit call.
 */
public class HostKeyException extends HostException {
    private final PublicKey presentedKey;
    private final String fingerprint;
    private final boolean changed;

    public HostKeyException(String host, PublicKey presentedKey, String fingerprint, boolean changed, String knownHosts) {
        super(host, (changed
                ? "HOST KEY CHANGED: the host presented " + fingerprint + ", which differs from the key recorded in "
                        + knownHosts + ". This can mean a man-in-the-middle attack; refusing to connect."
                : "unknown host key " + fingerprint + " (not in " + knownHosts
                        + "). Verify the fingerprint with the host's administrator, then trust it explicitly."));
        this.presentedKey = presentedKey;
        this.fingerprint = fingerprint;
        this.changed = changed;
    }

    public PublicKey presentedKey() {
        return presentedKey;
    }

    /** SHA256 fingerprint as OpenSSH prints it, e.g. {@code SHA256:abc…}. */
    public String fingerprint() {
        return fingerprint;
    }

    public boolean changed() {
        return changed;
    }
}
