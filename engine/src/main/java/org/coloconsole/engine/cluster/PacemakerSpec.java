package org.coloconsole.engine.cluster;

/**
 * A pair run by Pacemaker + Corosync (profile key {@code pacemaker}): the cluster's name, the
 * Corosync token, each host's Corosync node name and ring address, and the quorum device. Two
 * nodes keep quorum on a partition only with a quorum device (corosync-qnetd on a third host):
 * without it either side could decide alone.
 *
 * @param tokenMs     Corosync's totem token: how long a silent node takes to be declared lost
 * @param qdeviceHost where corosync-qnetd runs, or null (then the cluster cannot be set up)
 * @param qdeviceTls  whether qdevice talks to qnetd over TLS (the default; its NSS certificates are set
 *                    up with corosync-qdevice-net-certutil); the lab turns it off
 */
public record PacemakerSpec(String clusterName, int tokenMs, String primaryNode, String primaryRing, String secondaryNode,
                            String secondaryRing, String qdeviceHost, int qdevicePort,
                            boolean qdeviceTls) {

    public static final int DEFAULT_TOKEN_MS = 1000;
    public static final int DEFAULT_QDEVICE_PORT = 5403;

    /** Corosync's consensus timeout for this token: its default, 1.2 × token. */
    public int consensusMs() {
        return (int) Math.round(tokenMs * 1.2);
    }

    /** The Corosync node name of a slot's host. */
    public String node(Slot s) {
        return s == Slot.PRIMARY_NODE ? primaryNode : secondaryNode;
    }

    /** The Corosync ring address of a slot's host. */
    public String ring(Slot s) {
        return s == Slot.PRIMARY_NODE ? primaryRing : secondaryRing;
    }
}
