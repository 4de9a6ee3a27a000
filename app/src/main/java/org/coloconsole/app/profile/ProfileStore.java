package org.coloconsole.app.profile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileException;
import org.coloconsole.engine.control.Profiles;

/**
 * The profiles the console saved (one YAML file per pair added in the profile editor), under
 * $XDG_CONFIG_HOME/colo-console/profiles. A file that no longer parses is reported and left as
 * it is: the console never rewrites what the operator wrote.
 */
public final class ProfileStore {
    private final Path dir;

    public ProfileStore(Path dir) {
        this.dir = dir;
    }

    public static ProfileStore standard() {
        String config = System.getenv().getOrDefault("XDG_CONFIG_HOME", System.getProperty("user.home") + "/.config");
        return new ProfileStore(Path.of(config, "colo-console", "profiles"));
    }

    public Path dir() {
        return dir;
    }

    public Path fileFor(String pairName) {
        return dir.resolve(pairName + ".yaml");
    }

    /** The pairs of every saved profile; problems go to {@code problems}, one line per file. */
    public List<PairSpec> load(List<String> problems) {
        List<PairSpec> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
            for (Path f : files) {
                try {
                    out.addAll(Profiles.load(f).pairs());
                } catch (ProfileException e) {
                    problems.add(f + ": " + e.errors().size() + " problem(s), first: " + e.errors().get(0));
                } catch (RuntimeException e) {
                    problems.add(f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add(dir + ": " + e.getMessage());
        }
        return out;
    }

    /**
     * Saves a validated pair as its own profile file: every key written by the engine's profile
     * writer, atomically, mode 0600 (a fence may name a password). Returns the file.
     */
    public Path save(PairSpec pair) {
        Path f = fileFor(pair.name());
        Profiles.save(f, "# Saved by the COLO Console profile editor.", List.of(pair));
        return f;
    }
}
