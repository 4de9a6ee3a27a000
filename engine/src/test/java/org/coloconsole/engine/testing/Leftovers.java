package org.coloconsole.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;

/**
 * What a test run must not leave behind: the namespaces and links of the test labs (by their
 * prefixes), and QEMU processes whose files live under the temp dir (every test pair's do). An
 * operator's own lab (prefix cl, files under ~/.cache) is none of these.
 */
public final class Leftovers {
    /** The prefixes of the labs tests create: e2e, benchmarks, GUI. */
    public static final List<String> TEST_LAB_PREFIXES = List.of("ct", "cb", "cg");

    private Leftovers() {
    }

    public static List<String> find() {
        List<String> out = new ArrayList<>();
        LocalHost h = new LocalHost();
        for (String line : h.run(Command.of("ip", "netns", "list")).stdout().split("\n")) {
            String ns = line.strip().split(" ")[0];
            if (TEST_LAB_PREFIXES.stream().anyMatch(p -> ns.startsWith(p + "-"))) {
                out.add("network namespace " + ns);
            }
        }
        for (String line : h.run(Command.of("ip", "-o", "link", "show")).stdout().split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length > 1) {
                String name = f[1].split("@")[0];
                if (TEST_LAB_PREFIXES.stream().anyMatch(p -> name.startsWith(p + "-"))) {
                    out.add("link " + name);
                }
            }
        }
        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    boolean ours = cmd.contains(tmp + "/") || cmd.contains("/target/gui-");
                    if (cmd.contains("qemu-system") && ours && !cmd.startsWith("bash")) {
                        out.add("QEMU pid " + p.getFileName() + ": " + cmd.substring(0, Math.min(200, cmd.length())));
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            });
        } catch (IOException e) {
            out.add("cannot list /proc: " + e.getMessage());
        }
        return out;
    }
}
