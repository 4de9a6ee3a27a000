package org.coloconsole.engine.fence;

import java.time.Duration;
import java.util.function.Consumer;
import org.coloconsole.engine.cluster.FenceSpec;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.model.FenceOutcome;
import org.coloconsole.engine.monitor.PairMonitor;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.cluster.Slot;

/**
 * Fencing for one pair: each node by its own agent, verified by probing that node (its QMP
 * through the pair monitor, its QEMU and host through its own host). Journaled: what was sent
 * (secrets as ***) and the verdict. The console's guided failover and the heartbeat both use it.
 */
public final class PairFencing {
    private final PairContext ctx;
    private final PairMonitor monitor;
    private final NodeFencer fencer;

    public PairFencing(PairContext ctx, PairMonitor monitor) {
        this(ctx, monitor, new NodeFencer());
    }

    public PairFencing(PairContext ctx, PairMonitor monitor, NodeFencer fencer) {
        this.ctx = ctx;
        this.monitor = monitor;
        this.fencer = fencer;
    }

    /** Fences the node in {@code target}; blocking, bounded by its fence's deadline. */
    public FenceOutcome fence(Slot target, Consumer<String> steps) {
        NodeSpec node = target.of(ctx.pair());
        FenceSpec spec = node.fence();
        if (spec == null) {
            return FenceOutcome.notConfigured("no fence is configured for the " + target.label() + " of pair "
                    + ctx.pair().name() + " (profile key " + node.role().key() + ".fence)");
        }
        String who = target.label() + " (" + ctx.host(target).name() + ")";
        ctx.journal().record("fence", "fence", target, "sent", spec.shown("off"));
        NodeSilence silence = new NodeSilence(ctx.host(target), node, spec.level(), () -> {
            monitor.poll();
            return monitor.observation(target).reachable();
        }, Duration.ofSeconds(2));
        FenceOutcome o = fencer.fence(who, spec, silence, steps);
        ctx.journal().record("fence", "fence", target, "answer", o.detail());
        return o;
    }

    /** For the heartbeat's guard: steps go nowhere but the journal's verdict. */
    public FenceOutcome fence(Slot target) {
        return fence(target, s -> { });
    }
}
