package org.coloconsole.engine.control;

import java.util.List;
import org.coloconsole.engine.model.Role;
import org.coloconsole.engine.cluster.Slot;

/**
 * What the engine sees before a failover: which node is gone, which would take over (in which
 * COLO role), and the evidence for each, gathered fresh (QMP, the host, the QEMU process).
 *
 * @param survivor     the node that takes over, or null when none can (both gone, or none in COLO)
 * @param peerAnswers  the other node's QEMU still answers on QMP: failing over now makes two primaries
 */
public record FailoverAssessment(Slot survivor, Role survivorRole, Slot gone, List<String> evidence,
                                 boolean peerAnswers, String blocker) {

    public FailoverAssessment {
        evidence = List.copyOf(evidence);
    }

    public boolean possible() {
        return survivor != null && blocker == null;
    }
}
