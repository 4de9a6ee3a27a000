package org.coloconsole.engine.runbook;

import org.coloconsole.engine.cluster.Slot;

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
        return new Custom(description, body);
    }

    private record Custom(String describe, BiFunction<PairContext, Slot, String> body) implements Action {
        @Override
        public String run(PairContext ctx, Slot slot) {
            return body.apply(ctx, slot);
        }
    }

    /** Sends one QMP command on the node's control connection; QEMU's error fails the step. */
    public static Action qmp(QmpCall call) {
        return new Qmp(call);
    }

    /** One QMP command, kept as data so tests and views can read exactly what the step sends. */
    public record Qmp(QmpCall call) implements SendsQmp {
        @Override
        public String run(PairContext ctx, Slot slot) {
            return String.valueOf(ctx.qmp(slot).call(call.command(), call.arguments()));
        }
    }

    /**
     * Sends one QMP command once the node's QEMU is ready: its socket exists and it greets. A QEMU
     * that was just started may still be blocked before it creates its monitors (the primary waits
     * on its compare1 chardev until the secondary connects), so connecting is retried within the
     * bound instead of failing at the first "No such file or directory".
     */
    public static Action qmpWhenReady(QmpCall call, Duration within) {
        return custom(call.toJson() + "  (once QMP is up, within " + within.toSeconds() + " s)", (ctx, slot) -> {
            long deadline = System.nanoTime() + within.toNanos();
            long pause = 20_000_000L;
            while (true) {
                org.coloconsole.engine.qmp.QmpClient c;
                try {
                    c = ctx.qmp(slot);
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw new StepFailedException("QMP of " + ctx.node(slot).qmpSocket() + " on " + ctx.host(slot).name()
                                + " not ready within " + within.toSeconds() + " s: " + e.getMessage(), e);
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(pause);
                    pause = Math.min(pause * 2, 250_000_000L);
                    continue;
                }
                return String.valueOf(c.call(call.command(), call.arguments()));
            }
        });
    }

    /** An action that sends exactly one QMP command: views and golden tests read {@link #call()}. */
    public interface SendsQmp extends Action {
        QmpCall call();

        @Override
        default String describe() {
            return call().toJson();
        }

        @Override
        default String replayable() {
            return call().toJson();
        }
    }

    /**
     * Sends an HMP command through human-monitor-command. HMP reports errors as output text in a
     * successful reply, so any output fails the step.
     */
    public static Action hmp(QmpCall call) {
        return new Hmp(call);
    }

    public record Hmp(QmpCall call) implements SendsQmp {
        @Override
        public String run(PairContext ctx, Slot slot) {
            String out = ctx.qmp(slot).call(call.command(), call.arguments()).asText();
            if (!out.isBlank()) {
                throw new StepFailedException("HMP '" + call.arguments().path("command-line").asText() + "' failed: "
                        + out.strip());
            }
            return "(no output: success)";
        }
    }

    /**
     * Sends a QMP command where one known error means the work is already done (e.g.
     * x-colo-lost-heartbeat on a node that already left COLO after the crash).
     */
    public static Action qmpTolerating(QmpCall call, String... alreadyDoneErrors) {
        return new QmpTolerating(call, List.of(alreadyDoneErrors));
    }

    public record QmpTolerating(QmpCall call, List<String> alreadyDoneErrors) implements SendsQmp {
        public QmpTolerating {
            alreadyDoneErrors = List.copyOf(alreadyDoneErrors);
        }

        @Override
        public String run(PairContext ctx, Slot slot) {
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
        }
    }

    /** Runs a command on the node's host; a non-zero exit fails the step. */
    public static Action shell(List<String> argv) {
        return custom(ShellQuote.join(argv), (ctx, slot) -> {
            CommandResult r = ctx.host(slot).check(new Command(argv, Duration.ofMinutes(5), null, null));
            return (r.stdout() + r.stderr()).strip();
        });
    }

    /** Starts QEMU detached on the node's host (its output goes to the node's log file). */
    /**
     * Takes back a migration into COLO: cancels it if it is still copying (a paused source then
     * accepts cont), leaves COLO if it got there (the node goes on alone), and waits (bounded) until
     * no migration is active. Each part tolerates having nothing to do.
     */
    public static Action leaveMigration() {
        return new LeaveMigration();
    }

    public record LeaveMigration() implements Action {
        public static final String REPLAY = "{\"leave-migration\":true}";
        private static final java.util.Set<String> ACTIVE = java.util.Set.of("setup", "active", "pre-switchover",
                "device", "wait-unplug", "cancelling");

        @Override
        public String describe() {
            return "migrate_cancel; x-colo-lost-heartbeat; wait until no migration is active (each if there is one)";
        }

        @Override
        public String run(PairContext ctx, Slot slot) {
            var q = ctx.qmp(slot);
            StringBuilder b = new StringBuilder();
            for (String cmd : new String[] {"migrate_cancel", "x-colo-lost-heartbeat"}) {
                try {
                    q.call(cmd, null, java.time.Duration.ofSeconds(10));
                    b.append(cmd).append(": done; ");
                } catch (org.coloconsole.engine.qmp.QmpCommandException e) {
                    b.append(cmd).append(": ").append(e.getMessage()).append("; ");
                }
            }
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            String status = q.call("query-migrate", null, java.time.Duration.ofSeconds(5)).path("status").asText();
            while (ACTIVE.contains(status) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                status = q.call("query-migrate", null, java.time.Duration.ofSeconds(5)).path("status").asText();
            }
            if (ACTIVE.contains(status)) {
                throw new StepFailedException("the migration is still " + status + " after migrate_cancel");
            }
            return b.append("migration ").append(status.isEmpty() ? "none" : status).toString();
        }

        @Override
        public String replayable() {
            return REPLAY;
        }
    }

    /** Stops the node's QEMU (its identity checked first) and removes its sockets and pid file. */
    public static Action stopQemu() {
        return new StopQemu();
    }

    public record StopQemu() implements Action {
        /** How the journal holds it, for a restart to replay. */
        public static final String REPLAY = "{\"stop-qemu\":true}";

        @Override
        public String describe() {
            return "stop this node's QEMU (kill -TERM, then -KILL after 5 s, its command line checked first); "
                    + "remove its sockets and pid file";
        }

        @Override
        public String run(PairContext ctx, Slot slot) {
            return Runbooks.stopQemu(ctx, slot);
        }

        @Override
        public String replayable() {
            return REPLAY;
        }
    }

    public static Action startQemu(List<String> argv) {
        return new StartQemu(argv);
    }

    /** Starting QEMU with this exact argument list (data: the golden tests read it from the runbook). */
    public record StartQemu(List<String> argv) implements Action {
        public StartQemu {
            argv = List.copyOf(argv);
        }

        @Override
        public String describe() {
            return ShellQuote.join(argv);
        }

        @Override
        public String run(PairContext ctx, Slot slot) {
            ctx.disconnect(slot);
            ctx.host(slot).remove(ctx.node(slot).qmpSocket());
            long pid = ctx.host(slot).startDetached(argv, ctx.node(slot).logFile());
            ctx.started(slot, pid);
            return "pid " + pid;
        }
    }
}
