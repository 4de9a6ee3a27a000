package org.coloconsole.engine.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds an external program a test tier needs. A missing tool fails the test with what to
 * install; it never skips silently.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    public static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/local/sbin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Path require(String name, String debianPackage) {
        return onPath(name).orElseThrow(() -> new AssertionError(name + " is not installed (not on PATH). "
                + "This test tier needs it: run `apt-get install -y " + debianPackage + "` "
                + "(README's test command installs everything the tests need)."));
    }

    public static Path qemuSystem() {
        return require("qemu-system-x86_64", "qemu-system-x86");
    }
}
