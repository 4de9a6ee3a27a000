package org.coloconsole.app;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the window remembers between runs: size, position, the last selected pair and the theme,
 * in $XDG_CONFIG_HOME/colo-console/window.properties. A missing or broken file means defaults.
 */
public final class WindowState {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WindowState.class);

    private final Path file;
    private final Properties p = new Properties();

    public WindowState(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("window state {} unreadable ({}): defaults; the file is rewritten on exit", file, e.toString());
                p.clear();
            }
        }
    }

    public static WindowState standard() {
        String config = System.getenv().getOrDefault("XDG_CONFIG_HOME", System.getProperty("user.home") + "/.config");
        return new WindowState(Path.of(config, "colo-console", "window.properties"));
    }

    public double number(String key, double dflt) {
        try {
            return Double.parseDouble(p.getProperty(key, Double.toString(dflt)));
        } catch (NumberFormatException e) {
            LOG.warn("window state {}: {} is not a number: the default", file, key);
            return dflt;
        }
    }

    public String text(String key, String dflt) {
        return p.getProperty(key, dflt);
    }

    public void put(String key, Object value) {
        if (value == null) {
            p.remove(key);
        } else {
            p.setProperty(key, value.toString());
        }
    }

    public void save() {
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "COLO Console window state");
            }
        } catch (IOException e) {
            System.err.println("colo-console: cannot save the window state to " + file + ": " + e.getMessage());
        }
    }
}
