package org.coloconsole.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.PacemakerCluster;
import org.coloconsole.engine.control.PacemakerSetup;
import org.coloconsole.engine.control.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code coloctl cluster plan|init|status|move|clear|maintenance}: a pair under Pacemaker. The
 * plan sends nothing; the others reach the pair's hosts over SSH and act only through Pacemaker.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A pair under Pacemaker + Corosync: plan, init, status, move, clear, maintenance.",
        subcommands = {ClusterCommands.Plan.class, ClusterCommands.Init.class, ClusterCommands.Status.class,
                ClusterCommands.Move.class, ClusterCommands.Clear.class, ClusterCommands.Maintenance.class})
final class ClusterCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Where the hosts read the profile and run coloctl. */
    static final class OnHosts {
        @Option(names = "--profile-on-hosts", description = "where the hosts read the profile (default: /etc/colo-console/PAIR.yaml)")
        Path profileOnHosts;
        @Option(names = "--coloctl-on-hosts", description = "coloctl on the hosts (default: /usr/bin/coloctl, from the .deb)")
        Path coloctlOnHosts;

        Path profile(PairSpec pair) {
            return profileOnHosts != null ? profileOnHosts : PacemakerSetup.defaultProfileOnHosts(pair);
        }

        Path coloctl() {
            return coloctlOnHosts != null ? coloctlOnHosts : PacemakerSetup.DEFAULT_COLOCTL;
        }
    }

    /** Runs {@code body}, printing its error the way every cluster command does. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        PairOptions pairOptions = new PairOptions();

        abstract void run(PairSpec pair);

        @Override
        public Integer call() {
            try {
                run(pairOptions.pair());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("coloctl cluster " + spec.name() + ": " + e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ClusterCommands.class).warn("coloctl cluster {} failed", spec.name(), e);
                spec.commandLine().getErr().println("coloctl cluster " + spec.name() + ": " + e.getMessage());
                return 1;
            }
        }

        void out(String line) {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Dry run of putting a pair under Pacemaker: corosync.conf and the CIB (fence devices per node, "
                    + "the pair as a promotable clone, no-quorum-policy=stop) from the profile. Refused, with the reason, "
                    + "for a pair without fences or without a quorum device. Sends nothing.")
    static final class Plan extends Base {
        @Mixin
        OnHosts onHosts = new OnHosts();

        @Override
        void run(PairSpec pair) {
            spec.commandLine().getOut().print(PacemakerSetup.plan(pair, onHosts.profile(pair), onHosts.coloctl()));
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Puts a pair under Pacemaker: copies the profile to both hosts, writes corosync.conf there, starts "
                    + "corosync, corosync-qdevice and pacemaker (systemd), waits for both nodes online with quorum, loads the "
                    + "CIB with cibadmin and waits for the pair to be promoted. Protect the pair first: Pacemaker adopts it.")
    static final class Init extends Base {
        @Mixin
        OnHosts onHosts = new OnHosts();

        @Override
        void run(PairSpec pair) {
            if (pairOptions.profile == null) {
                throw new IllegalArgumentException("--profile: cluster init copies the profile file to the hosts; name it");
            }
            try (Session s = new Session()) {
                out(new PacemakerCluster(s, pair).init(pairOptions.profile, onHosts.profile(pair), onHosts.coloctl(), null,
                        this::out).text());
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Pacemaker's view of the pair: nodes, quorum, where it is promoted, failed actions, fencing history.")
    static final class Status extends Base {
        @Override
        void run(PairSpec pair) {
            try (Session s = new Session()) {
                spec.commandLine().getOut().print(new PacemakerCluster(s, pair).status().text());
            }
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = "Switchover through Pacemaker: moves the promoted role to a node (then run 'cluster clear').")
    static final class Move extends Base {
        @Parameters(index = "0", description = "primary-node or secondary-node (the profile's slots)")
        String to;

        @Override
        void run(PairSpec pair) {
            Slot slot = Slot.fromKey(to).orElseThrow(() -> new IllegalArgumentException(
                    "node: primary-node or secondary-node, got '" + to + "'"));
            try (Session s = new Session()) {
                new PacemakerCluster(s, pair).moveTo(slot);
                out("Pacemaker moves the promoted role to the " + slot.label());
            }
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Clears the pair's move and ban constraints.")
    static final class Clear extends Base {
        @Override
        void run(PairSpec pair) {
            try (Session s = new Session()) {
                new PacemakerCluster(s, pair).clear();
                out("cleared");
            }
        }
    }

    @Command(name = "maintenance", mixinStandardHelpOptions = true,
            description = "Maintenance mode on or off: Pacemaker stops managing the pair until it is off again.")
    static final class Maintenance extends Base {
        @Parameters(index = "0", description = "on or off")
        String onOff;

        @Override
        void run(PairSpec pair) {
            if (!onOff.equals("on") && !onOff.equals("off")) {
                throw new IllegalArgumentException("maintenance: on or off, got '" + onOff + "'");
            }
            try (Session s = new Session()) {
                new PacemakerCluster(s, pair).maintenance(onOff.equals("on"));
                out("maintenance mode " + onOff);
            }
        }
    }
}
