package org.coloconsole.engine.cluster;

import java.nio.file.Path;

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
        String boot = """
                      boot:
                        kernel: %1$s/vmlinuz
                        initrd: %1$s/initrd.cpio.gz
                        append: console=ttyS0 quiet panic=-1
                      tcgShim: %1$s/colo-tcg-shim.so
                """.formatted(assets);
        return """
                # COLO Console: the local lab pair (built-in default).
                pairs:
                  - name: lab
                    checkpointDelayMs: 2000
                    primary:
                      host: local
                      replicationAddress: 127.0.0.1
                      accelerator: tcg
                      memory: 128M
                      image: %1$s/primary/disk.qcow2
                      workDir: %1$s/primary
                      portBase: 9001
                      network:
                        type: user
                        hostForwards: [127.0.0.1:18080-:80, 127.0.0.1:18082-:7, 127.0.0.1:18083-:8, 127.0.0.1:18084-:9]
                %2$s    secondary:
                      host: local
                      replicationAddress: 127.0.0.2
                      accelerator: tcg
                      memory: 128M
                      image: %1$s/secondary/disk.qcow2
                      workDir: %1$s/secondary
                      portBase: 9001
                      network:
                        type: user
                        hostForwards: [127.0.0.1:18081-:80, 127.0.0.1:18085-:7, 127.0.0.1:18086-:8, 127.0.0.1:18087-:9]
                %2$s""".formatted(pairDir, boot);
    }
}
