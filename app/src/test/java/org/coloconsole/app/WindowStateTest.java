package org.coloconsole.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's memory: what was saved comes back; a broken file means defaults, not a crash. */
class WindowStateTest {
    @TempDir
    Path dir;

    @Test
    void sizeThemeAndLastPairComeBack() {
        Path f = dir.resolve("cfg/window.properties");
        WindowState s = new WindowState(f);
        assertEquals(1280, s.number("width", 1280));
        s.put("width", 1500.0);
        s.put("lastPair", "web");
        s.put("theme", "dark");
        s.save();
        WindowState again = new WindowState(f);
        assertEquals(1500, again.number("width", 1280));
        assertEquals("web", again.text("lastPair", null));
        assertEquals("dark", again.text("theme", "light"));
    }

    @Test
    void garbageMeansDefaults() throws Exception {
        Path f = dir.resolve("window.properties");
        Files.writeString(f, "width=wide\n\\u12");
        WindowState s = new WindowState(f);
        assertEquals(1280, s.number("width", 1280));
    }
}
