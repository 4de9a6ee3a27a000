package org.coloconsole.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.control.PacemakerSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code coloctl cluster-plan}: what putting a pair under Pacemaker would set up. Sends nothing. */
final class ClusterCommands {
    private ClusterCommands() {
    }

    @Command(name = "cluster-plan", mixinStandardHelpOptions = true,
            description = "Dry run of putting a pair under Pacemaker: corosync.conf and the CIB (fence devices per node, "
                    + "the pair as a promotable clone, no-quorum-policy=stop) from the profile. Refused, with the reason, "
                    + "for a pair without fences or without a quorum device.")
    static final class Plan implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        PairOptions pairOptions = new PairOptions();
        @Option(names = "--profile-on-hosts", description = "where the hosts read the profile (default: /etc/colo-console/PAIR.yaml)")
        Path profileOnHosts;

        @Override
        public Integer call() {
            try {
                PairSpec pair = pairOptions.pair();
                spec.commandLine().getOut().print(PacemakerSetup.plan(pair,
                        profileOnHosts != null ? profileOnHosts : PacemakerSetup.defaultProfileOnHosts(pair)));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("coloctl cluster-plan: " + e.getMessage());
                return 2;
            }
        }
    }
}
