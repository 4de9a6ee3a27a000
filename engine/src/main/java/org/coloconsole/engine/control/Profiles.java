package org.coloconsole.engine.control;

import java.nio.file.Path;
import org.coloconsole.engine.cluster.ClusterProfile;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.lab.LabProfile;

/** Reading profiles, for the console and coloctl alike: one parser, one validator, one built-in default. */
public final class Profiles {
    private Profiles() {
    }

    /** Loads and validates a profile file. @throws org.coloconsole.engine.cluster.ProfileException naming each bad field */
    public static ClusterProfile load(Path file) {
        return ProfileLoader.load(file);
    }

    /** Parses and validates profile text ({@code source} names it in errors). */
    public static ClusterProfile parse(String source, String yaml) {
        return ProfileLoader.parse(source, yaml);
    }

    /**
     * The pair named {@code name} in a profile, or its first pair when {@code name} is null.
     *
     * @param field the option or field the name came from, for the error
     * @throws IllegalArgumentException naming {@code field} and the pairs the profile has
     */
    public static org.coloconsole.engine.cluster.PairSpec pairOf(ClusterProfile p, String name, String field) {
        if (p.pairs().isEmpty()) {
            throw new IllegalArgumentException("the profile has no pairs");
        }
        if (name == null) {
            return p.pairs().get(0);
        }
        return p.pair(name).orElseThrow(() -> new IllegalArgumentException(field + ": no pair named '" + name
                + "' in the profile (it has: " + p.pairs().stream().map(org.coloconsole.engine.cluster.PairSpec::name).toList() + ")"));
    }

    /** The built-in default: the local lab pair on this machine. */
    public static ClusterProfile builtIn() {
        return LabProfile.profile();
    }

    /**
     * Saves pairs as a profile file, atomically and mode 0600 (it may hold fence secrets), every
     * key written; refused (the file untouched) unless it reads back as the same pairs.
     */
    public static void save(Path file, String header, java.util.List<org.coloconsole.engine.cluster.PairSpec> pairs) {
        org.coloconsole.engine.cluster.ProfileWriter.save(file, header, pairs);
    }

    /** A value as one POSIX shell word (quoted only when it must be): how the editor shows argv and options. */
    public static String shellWord(String value) {
        return org.coloconsole.engine.remote.ShellQuote.quote(value);
    }

    /** One line saying what the built-in default is and where its files are. */
    public static String describeBuiltIn() {
        return LabProfile.describeBuiltIn();
    }
}
