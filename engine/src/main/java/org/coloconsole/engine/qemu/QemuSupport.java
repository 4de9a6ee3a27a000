package org.coloconsole.engine.qemu;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coloconsole.engine.qmp.QemuVersion;

/**
 * Which QEMU versions can run COLO (COLO-FACTS.md §1). The table is shown to operators as is.
 */
public final class QemuSupport {
    private static final Pattern VERSION_LINE = Pattern.compile("QEMU emulator version (\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    public enum Verdict { TESTED, SUPPORTED, UNTESTED, BROKEN }

    public record Assessment(Verdict verdict, String reason) {
    }

    /** The supported-version table, for README, the CLI and the GUI. */
    public static final String TABLE = String.join("\n",
            "QEMU 7.2 (Debian 12)   tested: COLO works; under TCG the lab applies two workarounds",
            "QEMU 8.x, 9.x          supported by QEMU, not tested here",
            "QEMU 10.0.x, 10.1.x    REFUSED: cannot enter COLO (upstream regression, fixed in 10.2)",
            "QEMU 10.2 and later    supported; from 11.0 both hosts must run the same version",
            "QEMU before 7.0        not tested here");

    private QemuSupport() {
    }

    public static Assessment assess(QemuVersion v) {
        if (v.major() == 10 && (v.minor() == 0 || v.minor() == 1)) {
            return new Assessment(Verdict.BROKEN, "QEMU " + v + " cannot enter COLO: upstream regression "
                    + "\"migration: Always set DEVICE state\" (migration never reaches the colo state); fixed in 10.2. "
                    + "Use 7.2–9.2 or 10.2 and later");
        }
        if (v.major() == 7 && v.minor() == 2) {
            return new Assessment(Verdict.TESTED, "QEMU " + v + " is the tested version");
        }
        if (v.major() < 7) {
            return new Assessment(Verdict.UNTESTED, "QEMU " + v + " is older than any version tested here");
        }
        String note = v.major() >= 11 ? "; from 11.0 both hosts must run the same QEMU version" : "";
        return new Assessment(Verdict.SUPPORTED, "QEMU " + v + " supports COLO (not tested here)" + note);
    }

    /** Parses the first line of {@code qemu-system-x86_64 --version}. */
    public static Optional<QemuVersion> parseVersionOutput(String output) {
        Matcher m = VERSION_LINE.matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new QemuVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }
}
