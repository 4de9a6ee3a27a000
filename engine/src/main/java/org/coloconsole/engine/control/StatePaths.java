package org.coloconsole.engine.control;

import java.nio.file.Path;
import org.coloconsole.engine.cluster.PairSpec;

/**
 * Where the console keeps its state: one rule for the console and coloctl alike, so both write
 * the same journal and take the same lock. {@code $XDG_STATE_HOME/colo-console}, by default
 * {@code ~/.local/state/colo-console}.
 */
public final class StatePaths {
    private StatePaths() {
    }

    public static Path stateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        String state = xdg == null || xdg.isBlank() ? System.getProperty("user.home") + "/.local/state" : xdg;
        return Path.of(state, "colo-console");
    }

    /** The pair's journal: every command and answer, fsynced per record. */
    public static Path journalFile(PairSpec pair) {
        return stateDir().resolve("journal").resolve(pair.name() + ".jsonl");
    }

    /** The pair's operation lock on this machine (see {@link PairLock}). */
    public static Path lockFile(PairSpec pair) {
        return stateDir().resolve("locks").resolve(pair.name() + ".lock");
    }
}
