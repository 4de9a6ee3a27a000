package org.coloconsole.engine.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * When the code a long-running process was loaded from last changed on disk (its jar, or a build's
 * classes directory): a resident process compares it to notice an upgrade under it.
 */
record CodeStamp(Path location, FileTime loaded) {
    static CodeStamp of(Class<?> c) {
        try {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new CodeStamp(p, modified(p));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return new CodeStamp(null, null);
        }
    }

    /** True once the jar was replaced (or removed); never for code of unknown origin. */
    boolean changed() {
        return location != null && !java.util.Objects.equals(loaded, modified(location));
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return null;
        }
    }
}
