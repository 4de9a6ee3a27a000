package org.coloconsole.engine.cli;

import java.nio.file.Path;
import org.coloconsole.engine.cluster.ClusterProfile;
import org.coloconsole.engine.cluster.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.runbook.Hosts;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.PairContext;
import picocli.CommandLine.Option;

/** Which profile and pair a command acts on; the built-in local lab pair by default. */
final class PairOptions {
    @Option(names = {"-p", "--profile"}, description = "cluster profile (YAML); default: the built-in local lab pair")
    Path profile;

    @Option(names = "--pair", description = "pair name (default: the profile's first pair)")
    String pair;

    @Option(names = "--journal-dir", description = "where the audit journal goes (default: the console's, "
            + "XDG_STATE_HOME or ~/.local/state, then colo-console/journal)")
    Path journalDir;

    ClusterProfile loadProfile() {
        return profile == null ? LabProfile.profile() : ProfileLoader.load(profile);
    }

    PairSpec pair() {
        ClusterProfile p = loadProfile();
        if (p.pairs().isEmpty()) {
            throw new IllegalArgumentException("the profile has no pairs");
        }
        if (pair == null) {
            return p.pairs().get(0);
        }
        return p.pair(pair).orElseThrow(() -> new IllegalArgumentException("--pair: no pair named '" + pair
                + "' in the profile (it has: " + p.pairs().stream().map(PairSpec::name).toList() + ")"));
    }

    PairContext open(PairSpec spec, SshConnector ssh) {
        // The console's journal path (XDG_STATE_HOME honoured): one journal per pair, whoever acts.
        Path file = journalDir != null ? journalDir.resolve(spec.name() + ".jsonl")
                : org.coloconsole.engine.control.PairController.journalFile(spec);
        return new PairContext(spec, n -> Hosts.open(n.host(), ssh), new Journal(file));
    }
}
