package org.coloconsole.engine.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * The built-in default: a local lab pair on this machine, as the seed's test procedure runs it —
 * primary on 127.0.0.1, secondary on 127.0.0.2, both local, under TCG, booting the lab guest that
 * installers/lab/build-lab.sh builds. It is an ordinary profile document, so an operator can save
 * it and edit it.
 */
public final class LabProfile {
    private LabProfile() {
    }

    /** Lab assets (vmlinuz, initrd.cpio.gz, colo-tcg-shim.so): the user's cache by default. */
    public static Path defaultAssets() {
        String cache = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        return Path.of(cache, "colo-console", "lab");
    }

    /** Where the lab pair keeps its disks, sockets and logs. */
    public static Path defaultPairDir() {
        String cache = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        return Path.of(cache, "colo-console", "lab-pair");
    }

    public static ClusterProfile profile() {
        return profile(defaultAssets(), defaultPairDir());
    }

    public static ClusterProfile profile(Path assets, Path pairDir) {
        return ProfileLoader.parse("(built-in lab profile)", yaml(assets, pairDir));
    }

    public static String yaml(Path assets, Path pairDir) {
        return "# COLO Console: the local lab pair (built-in default).\n"
                + "pairs:\n"
                + "  - name: lab\n"
                + "    checkpointDelayMs: 2000\n"
                + node("primary", "127.0.0.1", List.of(18080, 18082, 18083, 18084), assets, pairDir)
                + node("secondary", "127.0.0.2", List.of(18081, 18085, 18086, 18087), assets, pairDir);
    }

    /**
     * One lab node: both share the machine, so they differ in replication address, work dir and
     * host forwards (of the guest's HTTP 80, echo 7, uptime 8 and disk counter 9).
     */
    private static String node(String role, String address, List<Integer> forwards, Path assets, Path pairDir) {
        int[] guestPorts = {80, 7, 8, 9};
        StringBuilder fw = new StringBuilder();
        for (int i = 0; i < guestPorts.length; i++) {
            fw.append(i == 0 ? "" : ", ").append("127.0.0.1:").append(forwards.get(i)).append("-:").append(guestPorts[i]);
        }
        return """
                    %1$s:
                      host: local
                      replicationAddress: %2$s
                      accelerator: tcg
                      memory: 128M
                      image: %3$s/%1$s/disk.qcow2
                      workDir: %3$s/%1$s
                      portBase: 9001
                      network:
                        type: user
                        hostForwards: [%4$s]
                      boot:
                        kernel: %5$s/vmlinuz
                        initrd: %5$s/initrd.cpio.gz
                        append: console=ttyS0 quiet panic=-1
                      tcgShim: %5$s/colo-tcg-shim.so
                """.formatted(role, address, pairDir, fw, assets);
    }
}
