package org.coloconsole.engine.fence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.coloconsole.engine.cluster.FenceSpec;
import org.coloconsole.engine.model.FenceOutcome;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.LocalHost;

/**
 * The one fencing implementation: the console and the heartbeat both fence through it. A fence
 * proves itself or fails, within its own deadline counted from its own start:
 * <ol>
 *   <li>the node's agent, {@code action=off}: must exit 0;</li>
 *   <li>the agent, {@code action=status}: must say off (exit 2, the fence-agents convention);</li>
 *   <li>then {@code verifyProbes} consecutive probes of the node ({@link NodeSilence}): all silent.</li>
 * </ol>
 * Anything else (an error, a hang past the deadline, an "off" while the node still answers) is
 * a failed fence: no failover may follow it. Agents run on the console's machine with their
 * options on stdin, never on a command line (where {@code ps} would show a password).
 */
public final class NodeFencer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeFencer.class);

    /** Between two verification probes. */
    static final Duration PROBE_GAP = Duration.ofMillis(200);
    private final Host agentHost;

    public NodeFencer() {
        this(new LocalHost());
    }

    /** @param agentHost where the agents run (the console's machine) */
    public NodeFencer(Host agentHost) {
        this.agentHost = agentHost;
    }

    /**
     * Fences one node. Blocking, bounded by {@code spec.timeoutMs()}.
     *
     * @param node     how the node is named in messages (its slot and host)
     * @param progress each step as it happens (secrets redacted)
     */
    public FenceOutcome fence(String node, FenceSpec spec, NodeSilence silence, Consumer<String> progress) {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMillis(spec.timeoutMs()).toNanos();
        List<String> steps = new ArrayList<>();
        Consumer<String> step = s -> {
            String r = spec.redact(s);
            steps.add(r);
            progress.accept(r);
        };
        String shown = spec.shown("off");
        step.accept("off: " + shown);
        CommandResult off = agent(spec, "off", deadline);
        if (off == null) {
            return fail(spec, node, shown, step, steps, t0, "the agent's off did not finish within the fence's deadline of "
                    + spec.timeoutMs() + " ms");
        }
        step.accept("off answered " + describe(off));
        if (!off.ok()) {
            return fail(spec, node, shown, step, steps, t0, "the agent's off failed (" + describe(off) + ")");
        }
        CommandResult status = agent(spec, "status", deadline);
        if (status == null) {
            return fail(spec, node, shown, step, steps, t0, "the agent's status did not finish within the deadline");
        }
        step.accept("status answered " + describe(status));
        if (status.exitCode() != 2) {
            return fail(spec, node, shown, step, steps, t0, status.exitCode() == 0
                    ? "the agent says the node is still on after off" : "the agent cannot tell the node's status ("
                    + describe(status) + ")");
        }
        for (int i = 1; i <= spec.verifyProbes(); i++) {
            if (System.nanoTime() > deadline) {
                return fail(spec, node, shown, step, steps, t0, "verification did not finish within the deadline ("
                        + (i - 1) + " of " + spec.verifyProbes() + " silent probes)");
            }
            String answered = silence.answers();
            if (answered != null) {
                return fail(spec, node, shown, step, steps, t0, "the agent said off, but " + answered);
            }
            step.accept("probe " + i + "/" + spec.verifyProbes() + ": silent");
            if (i < spec.verifyProbes()) {
                LockSupport.parkNanos(Math.min(PROBE_GAP.toNanos(), Math.max(0, deadline - System.nanoTime())));
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String detail = "fenced and verified: the agent said off, status off, then " + spec.verifyProbes()
                + " silent probes (" + ms + " ms)";
        step.accept(detail);
        return new FenceOutcome(true, true, shown, detail, steps, ms);
    }

    private FenceOutcome fail(FenceSpec spec, String node, String shown, Consumer<String> step, List<String> steps, long t0,
                              String why) {
        String detail = spec.redact("fencing the " + node + " FAILED: " + why + "; it is NOT proven dead");
        step.accept(detail);
        return new FenceOutcome(true, false, shown, detail, steps, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Runs one agent action, bounded by what is left of the deadline; null when it did not finish. */
    private CommandResult agent(FenceSpec spec, String action, long deadline) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            return null;
        }
        try {
            return agentHost.run(new Command(List.of(spec.agent()), Duration.ofMillis(left),
                    spec.stdin(action).getBytes(StandardCharsets.UTF_8), null));
        } catch (org.coloconsole.engine.remote.CommandTimeoutException e) {
            LOG.warn("fence agent {} ({}) overran the fence's deadline", spec.agent(), action);
            return null;
        } catch (RuntimeException e) {
            return new CommandResult(agentHost.name(), spec.agent(), 127, "", String.valueOf(e.getMessage()), false,
                    Duration.ZERO);
        }
    }

    private static String describe(CommandResult r) {
        String text = (r.stdout() + " " + r.stderr()).strip().replaceAll("\\s+", " ");
        if (text.length() > 300) {
            text = text.substring(0, 300) + "…";
        }
        return "exit " + r.exitCode() + (text.isEmpty() ? "" : ": " + text);
    }
}
