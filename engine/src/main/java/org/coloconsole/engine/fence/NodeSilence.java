package org.coloconsole.engine.fence;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.coloconsole.engine.cluster.FenceSpec;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.LocalHost;

/**
 * One probe of a fenced node: does anything of it still answer? Its QMP (through the pair
 * monitor's connection), its QEMU process (per its pid file), and for a host fence the host
 * itself over SSH. A probe that cannot reach the host within its bound counts as silent.
 */
public final class NodeSilence {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeSilence.class);

    private final Host host;
    private final NodeSpec node;
    private final FenceSpec.Level level;
    private final BooleanSupplier qmpAnswers;
    private final Duration bound;

    /**
     * @param qmpAnswers asks the node's QMP once (a fresh poll), true if it answered
     * @param bound      how long one host probe may take
     */
    public NodeSilence(Host host, NodeSpec node, FenceSpec.Level level, BooleanSupplier qmpAnswers, Duration bound) {
        this.host = host;
        this.node = node;
        this.level = level;
        this.qmpAnswers = qmpAnswers;
        this.bound = bound;
    }

    /** Null when the node is silent; otherwise what still answered. */
    public String answers() {
        if (qmpAnswers.getAsBoolean()) {
            return "its QMP answers";
        }
        CommandResult r;
        try {
            r = host.run(new Command(List.of("sh", "-c",
                    "p=$(cat \"$1\" 2>/dev/null) || exit 3; s=$(ps -o stat= -p \"$p\") || exit 4; echo \"$p $s\"",
                    "sh", node.pidFile()), bound, null, null));
        } catch (RuntimeException e) {
            LOG.debug("fence probe of the {}: its host does not answer ({}): silent", node.role().label(), e.toString());
            return null;
        }
        String out = r.stdout().strip();
        if (r.ok() && !out.isEmpty() && !out.split("\\s+")[out.split("\\s+").length - 1].startsWith("Z")) {
            return "its QEMU still runs (pid " + out.split("\\s+")[0] + " on " + host.name() + ")";
        }
        if (level == FenceSpec.Level.HOST && !(host instanceof LocalHost)) {
            return "its host " + host.name() + " still answers over SSH (a host fence must power it off)";
        }
        return null;
    }
}
