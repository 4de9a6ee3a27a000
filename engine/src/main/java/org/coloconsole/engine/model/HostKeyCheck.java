package org.coloconsole.engine.model;

/**
 * What the console found when it logged in to a node's host: the key is known and verified, or
 * unknown (offer to trust it after the operator compared the fingerprint), or CHANGED (never
 * offered: it may be an attack), or the host is the console's own machine (no SSH).
 */
public record HostKeyCheck(String host, Status status, String fingerprint, String detail) {
    public enum Status { VERIFIED, UNKNOWN, CHANGED, LOCAL, UNREACHABLE }
}
