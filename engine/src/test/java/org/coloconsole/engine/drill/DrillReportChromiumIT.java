package org.coloconsole.engine.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.coloconsole.engine.model.DrillReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill report as an auditor opens it: rendered by a real browser (Debian's headless
 * Chromium, offline), screenshotted under target/screenshots, and the screenshot checked for the
 * verdict's banner and the chart's marks by their colours.
 */
@Tag("integration")
class DrillReportChromiumIT {
    @TempDir
    Path dir;

    @Test
    void chromiumShowsTheVerdictAndTheChart() throws Exception {
        Path passed = shot(org.coloconsole.engine.testing.DrillSamples.sample("drill-lab-20261202-110000", DrillReport.Verdict.PASSED, List.of()),
                "drill-report-passed.png");
        BufferedImage ok = ImageIO.read(passed.toFile());
        assertTrue(pixels(ok, 0x1b7f3a) > 20_000, "the green PASSED banner");
        assertTrue(pixels(ok, 0x1f6fb2) > 200, "the probe's latency marks in the chart");
        assertTrue(pixels(ok, 0x7b5ea7) > 200, "the checkpoint pauses in the chart");
        assertEquals(0, pixels(ok, 0xb3261e) > 20_000 ? 1 : 0, "no red FAILED banner on a passed drill");

        Path missed = shot(org.coloconsole.engine.testing.DrillSamples.sample("drill-lab-20261202-120000", DrillReport.Verdict.MISSED,
                List.of("the client's gap 560 ms is over the objective 1 ms")), "drill-report-missed.png");
        BufferedImage miss = ImageIO.read(missed.toFile());
        assertTrue(pixels(miss, 0xa86400) > 20_000, "the amber MISSED banner");
        assertTrue(pixels(miss, 0x1b7f3a) < 20_000, "no green banner on a missed drill");
    }

    private Path shot(DrillReport r, String name) throws Exception {
        Path html = DrillFiles.write(r, dir).html();
        Path out = Path.of("target", "screenshots", name).toAbsolutePath();
        Files.createDirectories(out.getParent());
        Files.deleteIfExists(out);
        Process p = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1040,1500", "--screenshot=" + out,
                html.toUri().toString())).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + Files.readString(dir.resolve("chromium.log")));
        }
        assertTrue(Files.size(out) > 10_000, "a screenshot: " + Files.readString(dir.resolve("chromium.log")));
        System.out.println("[drill report] screenshot " + out);
        return out;
    }

    /** Pixels of this colour, give or take a little antialiasing. */
    private static int pixels(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y) & 0xffffff;
                if (Math.abs((c >> 16) - (rgb >> 16)) < 10 && Math.abs(((c >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 10
                        && Math.abs((c & 0xff) - (rgb & 0xff)) < 10) {
                    n++;
                }
            }
        }
        return n;
    }
}
