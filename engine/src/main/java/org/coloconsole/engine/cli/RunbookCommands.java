package org.coloconsole.engine.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.PairBusyException;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.model.NodeObservation;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.model.StepInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The lifecycle commands: the same runbooks the console runs, through the same controller. */
final class RunbookCommands {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunbookCommands.class);
    private RunbookCommands() {
    }

    /** Shared: run a runbook with a line per step, exit 0 on success, 1 on a failed step. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        PairOptions pairOptions = new PairOptions();

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() {
            PairSpec pair;
            try {
                pair = pairOptions.pair();
            } catch (RuntimeException e) {
                return failed(e);
            }
            try (Session session = new Session(); PairController c = session.open(pair)) {
                return run(pair, c);
            } catch (RuntimeException e) {
                return failed(e);
            }
        }

        /** Says what failed on stderr; the log file gets the whole exception. */
        int failed(RuntimeException e) {
            LOG.warn("coloctl {} failed", spec.name(), e);
            spec.commandLine().getErr().println("coloctl " + spec.name() + ": " + e.getMessage());
            return 2;
        }

        abstract int run(PairSpec pair, PairController c);

        int execute(Plan plan, PairController c) {
            PrintWriter out = out();
            PairController.Outcome o;
            try {
                // One operation at a time per pair, with the consoles and other coloctl runs; a runbook a
                // dead console or coloctl left half-done is undone first.
                o = c.runExclusive(plan, "coloctl " + plan.name(), listener(out));
            } catch (PairBusyException e) {
                spec.commandLine().getErr().println("coloctl " + spec.name() + ": " + e.getMessage());
                return 75; // EX_TEMPFAIL: try again later
            }
            o.recovered().ifPresent(t -> out.println("recovered first: " + t));
            out.println(o.result().summary());
            out.flush();
            return o.result().ok() ? 0 : 1;
        }

        private RunListener listener(PrintWriter out) {
            return new RunListener() {
                @Override
                public void stepStarted(int index, int total, StepInfo step) {
                    out.printf("[%2d/%d] %s: %s%n", index + 1, total, step.slot().label(), step.title());
                    out.flush();
                }

                @Override
                public void progress(StepInfo step, String text) {
                    out.println("        " + text);
                    out.flush();
                }

                @Override
                public void undone(StepInfo step, boolean ok, String answer) {
                    out.println("        " + (ok ? "undone: " : "UNDO FAILED: ") + step.undo() + " -> " + answer);
                    out.flush();
                }
            };
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Dry run: print every step of a runbook and exactly what it would send. Sends nothing.")
    static final class PlanCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        PairOptions pairOptions = new PairOptions();
        @Parameters(index = "0", description = "protect, failover-to-secondary, failover-to-primary, "
                + "resume-from-primary, resume-from-secondary, teardown")
        String runbook;

        @Override
        public Integer call() {
            try (Session session = new Session(); PairController c = session.open(pairOptions.pair())) {
                spec.commandLine().getOut().print(c.namedPlan(runbook).text());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (RuntimeException e) {
                LOG.warn("coloctl plan failed", e);
                spec.commandLine().getErr().println("coloctl plan: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Protect: start both QEMUs and enter COLO.")
    static final class Up extends Base {
        @Override
        int run(PairSpec pair, PairController c) {
            int rc = execute(c.protectPlan(), c);
            if (rc != 0) {
                out().println("Nothing is left half-done silently: run 'coloctl down' to stop what was started.");
            }
            return rc;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Teardown: stop both QEMUs; disks stay.")
    static final class Down extends Base {
        @Override
        int run(PairSpec pair, PairController c) {
            return execute(c.stopPlan(), c);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "What each node is doing now, from QEMU.")
    static final class Status extends Base {
        @Override
        int run(PairSpec pair, PairController c) {
            out().println("pair " + pair.name() + ": " + c.pollNow());
            for (Slot s : Slot.values()) {
                out().printf("  %-15s %-28s %s%n", s.label(), s.of(pair).host() + " " + s.of(pair).replicationAddress(),
                        describe(c.observation(s)));
            }
            out().flush();
            return 0;
        }

        private static String describe(NodeObservation o) {
            return !o.reachable() ? "not reachable: " + o.error() : "runstate " + o.runstate() + ", COLO mode " + o.coloMode()
                    + " (last " + o.lastMode() + ", reason " + o.reason() + ")";
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Follow the pair: state changes and every checkpoint (pause, cause), until interrupted.")
    static final class Watch extends Base {
        @Option(names = "--seconds", description = "stop after this many seconds (default: run until interrupted)")
        long seconds;

        @Override
        int run(PairSpec pair, PairController c) {
            PrintWriter out = out();
            String[] last = {""};
            c.addStateListener(s -> {
                synchronized (out) {
                    if (!s.toString().equals(last[0])) {
                        last[0] = s.toString();
                        out.println(java.time.Instant.now() + "  " + s);
                        out.flush();
                    }
                }
            });
            c.addCheckpointListener(r -> {
                synchronized (out) {
                    out.printf("%s  checkpoint #%d  pause %.1f ms  %s%n", r.start(), r.index(), r.pauseMs(),
                            r.cause().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                    out.flush();
                }
            });
            c.startWatching();
            long until = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
            while (System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                if (Thread.interrupted()) {
                    break;
                }
            }
            return 0;
        }
    }

    @Command(name = "failover", mixinStandardHelpOptions = true,
            description = "Make the survivor run alone after its peer died. Asks for --yes: the peer must really be dead.")
    static final class Failover extends Base {
        @Option(names = "--survivor", required = true, description = "primary-node or secondary-node (the profile's slot)")
        String survivor;
        @Option(names = "--yes", description = "I have confirmed the peer is dead (powered off or fenced)")
        boolean confirmed;

        @Override
        int run(PairSpec pair, PairController c) {
            Slot slot = switch (survivor) {
                case "primary-node", "primary" -> Slot.PRIMARY_NODE;
                case "secondary-node", "secondary" -> Slot.SECONDARY_NODE;
                default -> throw new IllegalArgumentException("--survivor: primary-node or secondary-node, got '" + survivor + "'");
            };
            if (!confirmed) {
                out().println("Refusing: a failover while the peer still runs makes two primaries (split brain). "
                        + "Make sure the " + slot.other().label() + " is dead, then add --yes.");
                return 2;
            }
            var plan = c.failoverPlan(slot);
            if (plan.isEmpty()) {
                out().println("The " + slot.label() + " already runs alone (last mode " + c.observation(slot).lastMode() + ").");
                return 0;
            }
            return execute(plan.get(), c);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume replication: a fresh secondary on the other node, full resync, COLO again.")
    static final class Resume extends Base {
        @Override
        int run(PairSpec pair, PairController c) {
            c.pollNow();
            var plan = c.resumePlan();
            if (plan.isEmpty()) {
                out().println("Nothing to resume: " + c.actions().hint() + ". 'coloctl status' shows the pair.");
                return 1;
            }
            return execute(plan.get(), c);
        }
    }
}
