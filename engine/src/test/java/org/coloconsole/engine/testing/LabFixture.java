package org.coloconsole.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.LocalHost;

/**
 * The lab assets (guest kernel and initramfs, TCG shim), built once per machine by
 * installers/lab/build-lab.sh into the user's cache and reused.
 */
public final class LabFixture {
    private static Path built;

    private LabFixture() {
    }

    public static synchronized Path assets() {
        if (built != null) {
            return built;
        }
        RequiredTool.require("gcc", "gcc");
        RequiredTool.require("cpio", "cpio");
        RequiredTool.require("depmod", "kmod");
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            throw new AssertionError("/bin/busybox is missing: apt-get install -y busybox-static");
        }
        Path script = repoRoot().resolve("installers/lab/build-lab.sh");
        Path dir = Path.of(System.getProperty("user.home"), ".cache", "colo-console", "lab");
        CommandResult r = new LocalHost().run(new Command(List.of("bash", script.toString(), dir.toString()),
                Duration.ofMinutes(10), null, null));
        if (!r.ok()) {
            throw new AssertionError("building the lab guest failed:\n" + r.stdout() + r.stderr());
        }
        built = dir;
        return dir;
    }

    /** The checkout's top folder (tests run with the module folder as working directory). */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            if (Files.exists(p.resolve("installers/lab/build-lab.sh"))) {
                return p;
            }
        }
        throw new AssertionError("cannot find installers/lab/build-lab.sh above " + Path.of("").toAbsolutePath());
    }
}
