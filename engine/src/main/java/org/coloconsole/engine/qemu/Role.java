package org.coloconsole.engine.qemu;

/** The part a node plays right now; it changes with failover and resume. */
public enum Role {
    PRIMARY, SECONDARY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
