package org.coloconsole.engine.runbook;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.coloconsole.engine.qemu.QmpCall;
import org.coloconsole.engine.qmp.QmpCommandException;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.ShellQuote;

/** The kinds of action a step can take; each describes exactly what it sends. */
public final class Actions {
    private Actions() {
    }

    /** An action from its description and body (also for commands that depend on an earlier step). */
    public static Action custom(String description, BiFunction<PairContext, Slot, String> body) {
        return new Action() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public String run(PairContext ctx, Slot slot) {
                return body.apply(ctx, slot);
            }
        };
    }

    /** Sends one QMP command on the node's control connection; QEMU's error fails the step. */
    public static Action qmp(QmpCall call) {
        return custom(call.toJson(), (ctx, slot) -> String.valueOf(ctx.qmp(slot).call(call.command(), call.arguments())));
    }

    /**
     * Sends an HMP command through human-monitor-command. HMP reports errors as output text in a
     * successful reply, so any output fails the step.
     */
    public static Action hmp(QmpCall call) {
        return custom(call.toJson(), (ctx, slot) -> {
            String out = ctx.qmp(slot).call(call.command(), call.arguments()).asText();
            if (!out.isBlank()) {
                throw new StepFailedException("HMP '" + call.arguments().path("command-line").asText() + "' failed: "
                        + out.strip());
            }
            return "(no output: success)";
        });
    }

    /**
     * Sends a QMP command where one known error means the work is already done (e.g.
     * x-colo-lost-heartbeat on a node that already left COLO after the crash).
     */
    public static Action qmpTolerating(QmpCall call, String... alreadyDoneErrors) {
        return custom(call.toJson(), (ctx, slot) -> {
            try {
                return String.valueOf(ctx.qmp(slot).call(call.command(), call.arguments()));
            } catch (QmpCommandException e) {
                for (String s : alreadyDoneErrors) {
                    if (e.description().contains(s)) {
                        return "already done: " + e.description();
                    }
                }
                throw e;
            }
        });
    }

    /** Runs a command on the node's host; a non-zero exit fails the step. */
    public static Action shell(List<String> argv) {
        return custom(ShellQuote.join(argv), (ctx, slot) -> {
            CommandResult r = ctx.host(slot).check(new Command(argv, Duration.ofMinutes(5), null, null));
            return (r.stdout() + r.stderr()).strip();
        });
    }

    /** Starts QEMU detached on the node's host (its output goes to the node's log file). */
    public static Action startQemu(List<String> argv) {
        return custom(ShellQuote.join(argv), (ctx, slot) -> {
            ctx.disconnect(slot);
            ctx.host(slot).remove(ctx.node(slot).qmpSocket());
            long pid = ctx.host(slot).startDetached(argv, ctx.node(slot).logFile());
            ctx.started(slot, pid);
            return "pid " + pid;
        });
    }
}
