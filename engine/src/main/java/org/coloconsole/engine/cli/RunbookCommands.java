package org.coloconsole.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.qemu.Role;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.runbook.RunListener;
import org.coloconsole.engine.runbook.RunResult;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.runbook.Slot;
import org.coloconsole.engine.runbook.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The lifecycle commands: the same runbooks the console runs. */
final class RunbookCommands {
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
                spec.commandLine().getErr().println("coloctl " + spec.name() + ": " + e.getMessage());
                return 2;
            }
            try (SshConnector ssh = new SshConnector(); PairContext ctx = pairOptions.open(pair, ssh)) {
                return run(pair, ctx);
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("coloctl " + spec.name() + ": " + e.getMessage());
                return 2;
            }
        }

        abstract int run(PairSpec pair, PairContext ctx);

        int execute(Runbook rb, PairContext ctx) {
            PrintWriter out = out();
            org.coloconsole.engine.control.ExclusiveRun.Outcome o;
            try {
                // One operation at a time per pair, with the consoles and other coloctl runs; a runbook a
                // dead console or coloctl left half-done is undone first.
                o = org.coloconsole.engine.control.ExclusiveRun.run(ctx, rb, "coloctl " + rb.name(), listener(out));
            } catch (org.coloconsole.engine.control.PairBusyException e) {
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
                public void stepStarted(int index, int total, Step step) {
                    out.printf("[%2d/%d] %s: %s%n", index + 1, total, step.slot().label(), step.title());
                    out.flush();
                }

                @Override
                public void progress(Step step, String text) {
                    out.println("        " + text);
                    out.flush();
                }

                @Override
                public void undone(Step step, boolean ok, String answer) {
                    out.println("        " + (ok ? "undone: " : "UNDO FAILED: ") + step.undo().describe() + " -> " + answer);
                    out.flush();
                }
            };
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Dry run: print every step of a runbook and exactly what it would send. Sends nothing.")
    static final class Plan implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        PairOptions pairOptions = new PairOptions();
        @Parameters(index = "0", description = "protect, failover-to-secondary, failover-to-primary, "
                + "resume-from-primary, resume-from-secondary, teardown")
        String runbook;

        @Override
        public Integer call() {
            try {
                PairSpec pair = pairOptions.pair();
                Runbook rb = switch (runbook) {
                    case "protect", "up" -> Runbooks.protect(pair);
                    case "failover-to-secondary" -> Runbooks.failoverToSecondary(pair);
                    case "failover-to-primary" -> Runbooks.failoverToPrimary(pair);
                    case "resume-from-primary" -> Runbooks.resume(pair, Slot.PRIMARY_NODE, false);
                    case "resume-from-secondary" -> Runbooks.resume(pair, Slot.SECONDARY_NODE, true);
                    case "teardown", "down" -> Runbooks.teardown(pair);
                    default -> throw new IllegalArgumentException("unknown runbook '" + runbook + "'");
                };
                spec.commandLine().getOut().print(rb.plan());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("coloctl plan: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Protect: start both QEMUs and enter COLO.")
    static final class Up extends Base {
        @Override
        int run(PairSpec pair, PairContext ctx) {
            int rc = execute(Runbooks.protect(pair), ctx);
            if (rc != 0) {
                out().println("Nothing is left half-done silently: run 'coloctl down' to stop what was started.");
            }
            return rc;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Teardown: stop both QEMUs; disks stay.")
    static final class Down extends Base {
        @Override
        int run(PairSpec pair, PairContext ctx) {
            return execute(Runbooks.teardown(pair), ctx);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "What each node is doing now, from QEMU.")
    static final class Status extends Base {
        @Override
        int run(PairSpec pair, PairContext ctx) {
            String state;
            try (org.coloconsole.engine.monitor.PairMonitor m = new org.coloconsole.engine.monitor.PairMonitor(pair,
                    n -> ctx.host(n == pair.primary() ? Slot.PRIMARY_NODE : Slot.SECONDARY_NODE),
                    java.time.Duration.ofSeconds(1), 16)) {
                m.poll();
                state = m.state().toString();
            }
            out().println("pair " + pair.name() + ": " + state);
            for (Slot s : Slot.values()) {
                out().printf("  %-15s %-28s %s%n", s.label(), s.of(pair).host() + " " + s.of(pair).replicationAddress(),
                        PairRoles.probe(ctx, s));
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Follow the pair: state changes and every checkpoint (pause, cause), until interrupted.")
    static final class Watch extends Base {
        @Option(names = "--seconds", description = "stop after this many seconds (default: run until interrupted)")
        long seconds;
        @Option(names = "--interval-ms", defaultValue = "1000", description = "poll interval (default: ${DEFAULT-VALUE})")
        long intervalMs;

        @Override
        int run(PairSpec pair, PairContext ctx) {
            PrintWriter out = out();
            String[] last = {""};
            long[] shown = {0};
            try (org.coloconsole.engine.monitor.PairMonitor m = new org.coloconsole.engine.monitor.PairMonitor(pair,
                    n -> ctx.host(n == pair.primary() ? Slot.PRIMARY_NODE : Slot.SECONDARY_NODE),
                    java.time.Duration.ofMillis(intervalMs), 100_000)) {
                m.addListener(s -> {
                    synchronized (out) {
                        if (!s.toString().equals(last[0])) {
                            last[0] = s.toString();
                            out.println(java.time.Instant.now() + "  " + s);
                        }
                        for (var r : m.timeline().all()) {
                            if (r.index() >= shown[0]) {
                                shown[0] = r.index() + 1;
                                out.printf("%s  checkpoint #%d  pause %.1f ms  %s%n", r.start(), r.index(), r.pauseMs(),
                                        r.cause().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                            }
                        }
                        out.flush();
                    }
                });
                m.start();
                long until = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
                while (System.nanoTime() < until) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                    if (Thread.interrupted()) {
                        break;
                    }
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
        int run(PairSpec pair, PairContext ctx) {
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
            JsonNode colo = PairRoles.colo(ctx, slot);
            if (colo == null) {
                throw new IllegalStateException("the survivor (" + slot.label() + ") does not answer on QMP");
            }
            String mode = colo.path("mode").asText();
            if (mode.equals("none")) {
                out().println("The " + slot.label() + " already runs alone (last mode " + colo.path("last-mode").asText() + ").");
                return 0;
            }
            Role role = mode.equals("primary") ? Role.PRIMARY : Role.SECONDARY;
            return execute(Runbooks.failover(pair, slot, role), ctx);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume replication: a fresh secondary on the other node, full resync, COLO again.")
    static final class Resume extends Base {
        @Override
        int run(PairSpec pair, PairContext ctx) {
            for (Slot s : Slot.values()) {
                JsonNode colo = PairRoles.colo(ctx, s);
                if (colo != null && colo.path("mode").asText().equals("none")
                        && !colo.path("last-mode").asText().equals("none")) {
                    boolean wasSecondary = colo.path("last-mode").asText().equals("secondary");
                    return execute(Runbooks.resume(pair, s, wasSecondary), ctx);
                }
            }
            out().println("Nothing to resume: no node runs alone after a failover. 'coloctl status' shows the pair.");
            return 1;
        }
    }
}
