package org.coloconsole.engine.model;

import java.time.Instant;
import java.util.List;

/**
 * What one node's QEMU said at one poll. {@code reachable} false: QMP did not answer
 * ({@code error} says why) and the other fields are unknown (null).
 *
 * @param proxyLinksDown  socket chardevs of the COLO proxy that are disconnected
 * @param replicationError the error of query-xen-replication-status, or null
 * @param resyncOffset    the resync mirror's progress, or -1 when none runs
 * @param qemuVersion     the version QEMU announced in its QMP greeting, e.g. "8.2.2"
 * @param accelerator     "kvm" or "tcg", from query-kvm
 */
public record NodeObservation(boolean reachable, String error, String runstate, ColoMode coloMode, ColoMode lastMode,
                              String reason, String migration, List<String> proxyLinksDown, String replicationError,
                              long resyncOffset, long resyncLength, boolean resyncReady, Instant at,
                              String qemuVersion, String accelerator) {

    public NodeObservation {
        proxyLinksDown = proxyLinksDown == null ? List.of() : List.copyOf(proxyLinksDown);
    }

    /** Reachable and replicating, as primary or secondary. */
    public boolean inColo() {
        return reachable && (coloMode == ColoMode.PRIMARY || coloMode == ColoMode.SECONDARY);
    }

    /** Reachable, out of COLO, and was in COLO before: it runs alone after a failover. */
    public boolean aloneAfterFailover() {
        return reachable && coloMode == ColoMode.NONE && lastMode != null && lastMode != ColoMode.NONE;
    }

    /** Reachable and in COLO mode {@code m}. */
    public boolean is(ColoMode m) {
        return reachable && coloMode == m;
    }

    public static NodeObservation unreachable(String error, Instant at) {
        return new NodeObservation(false, error, null, null, null, null, null, List.of(), null, -1, 0, false, at, null, null);
    }
}
