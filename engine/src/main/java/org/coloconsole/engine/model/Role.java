package org.coloconsole.engine.model;

/** The part a node plays right now; it changes with failover and resume. */
public enum Role {
    PRIMARY, SECONDARY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The other role (a failover's survivor of a dead primary is the secondary, and back). */
    public Role other() {
        return this == PRIMARY ? SECONDARY : PRIMARY;
    }

    /** "primary", as logs, golden files and the GUI say it. */
    @Override
    public String toString() {
        return label();
    }
}
