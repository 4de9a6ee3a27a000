package org.coloconsole.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import org.coloconsole.app.ColoConsoleApp;
import org.coloconsole.app.WindowState;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.testing.TwoHostLab;

/**
 * A two-host lab of a GUI test's own (prefix cg) with consoles opened on its profile, each with
 * its own window state and profile store under target/. Closing it removes the lab.
 */
final class TwoHostConsole implements AutoCloseable {
    final TwoHostLab lab;
    final Path work;

    private TwoHostConsole(TwoHostLab lab, Path work) {
        this.lab = lab;
        this.work = work;
    }

    /**
     * @param extraPairKeys profile lines added to the pair (indented by four spaces)
     * @param fillDisk      real data on the whole disk, so a resync takes measurable time
     * @param fence         the lab's fence in the profile (without: the operator confirms a failover)
     */
    static TwoHostConsole prepare(String workName, String extraPairKeys, boolean fillDisk, boolean fence) throws Exception {
        Path work = Path.of("target", workName).toAbsolutePath();
        Files.createDirectories(work);
        Files.deleteIfExists(work.resolve("window.properties")); // every run starts at the default size
        TwoHostLab lab = TwoHostLab.start("cg", "10.214.0", extraPairKeys, fence);
        if (fillDisk) {
            LocalHost h = new LocalHost();
            h.check(Command.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 63M", lab.pair.primary().image()));
            h.check(Command.of("cp", lab.pair.primary().image(), lab.pair.secondary().image()));
        }
        return new TwoHostConsole(lab, work);
    }

    /** A console on the lab's profile, as the launcher starts it; {@code stateName} keeps two consoles' windows apart. */
    ColoConsoleApp open(Stage stage, String stateName) {
        ColoConsoleApp app = new ColoConsoleApp();
        app.start(stage, List.of("--profile", lab.profile.toString()), new WindowState(work.resolve(stateName)),
                new ProfileStore(work.resolve("profiles")));
        return app;
    }

    @Override
    public void close() {
        lab.close();
    }
}
