package org.coloconsole.engine.cli;

import java.nio.file.Path;
import org.coloconsole.engine.cluster.ClusterProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.control.Profiles;
import picocli.CommandLine.Option;

/**
 * Which profile and pair a command acts on; the built-in lab pair by default. The journal, the
 * lock and the log are the console's own (XDG_STATE_HOME or ~/.local/state, then colo-console):
 * one journal per pair, whoever acts.
 */
final class PairOptions {
    @Option(names = {"-p", "--profile"}, description = "cluster profile (YAML); default: the built-in lab pair")
    Path profile;

    @Option(names = "--pair", description = "pair name (default: the profile's first pair)")
    String pair;

    ClusterProfile loadProfile() {
        return profile == null ? Profiles.builtIn() : Profiles.load(profile);
    }

    PairSpec pair() {
        return Profiles.pairOf(loadProfile(), pair, "--pair");
    }
}
