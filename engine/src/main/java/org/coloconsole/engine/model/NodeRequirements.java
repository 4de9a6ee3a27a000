package org.coloconsole.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * What a node must offer to take its role in a pair; the cluster profile produces these.
 *
 * @param role           the role the node will take
 * @param qemuBinary     the QEMU system emulator to run (name on PATH or absolute path)
 * @param image          the disk image (primary: the VM's disk; secondary: its copy, the NBD parent)
 * @param activeImage    secondary only: the active (top) image, or null
 * @param hiddenImage    secondary only: the hidden image, or null
 * @param guestMemoryMiB guest RAM
 * @param ports          TCP ports the node will listen on (proxy chardevs, migration, NBD)
 * @param bindAddress    the address it binds them to (null: any), so two lab nodes on one machine
 *                       on 127.0.0.1 and 127.0.0.2 do not count as a clash
 * @param accelerator    "kvm" or "tcg" as the profile asks, or null when not known (then KVM is
 *                       only reported, never required)
 */
public record NodeRequirements(Role role, String qemuBinary, String image, String activeImage, String hiddenImage,
                               long guestMemoryMiB, List<Integer> ports, String bindAddress, String accelerator) {

    public NodeRequirements(Role role, String qemuBinary, String image, String activeImage, String hiddenImage,
                            long guestMemoryMiB, List<Integer> ports) {
        this(role, qemuBinary, image, activeImage, hiddenImage, guestMemoryMiB, ports, null, null);
    }

    public NodeRequirements {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(qemuBinary, "qemuBinary");
        Objects.requireNonNull(image, "image");
        ports = List.copyOf(ports);
        if (guestMemoryMiB <= 0) {
            throw new IllegalArgumentException("guest memory must be positive, was " + guestMemoryMiB + " MiB");
        }
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + p);
            }
        }
    }

    /** Memory the node needs: the secondary holds the guest twice (its RAM and the checkpoint cache). */
    public long neededMemoryMiB() {
        long overhead = 256;
        return (role == Role.SECONDARY ? 2 * guestMemoryMiB : guestMemoryMiB) + overhead;
    }
}
