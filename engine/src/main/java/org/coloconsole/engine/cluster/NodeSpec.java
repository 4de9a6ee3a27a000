package org.coloconsole.engine.cluster;

import java.util.List;

/**
 * One side of a pair, as the profile describes it.
 *
 * @param role               which of the pair's two nodes this is (the role it starts in)
 * @param host               how to reach it
 * @param replicationAddress the address its peer reaches it at (migration, NBD, proxy links)
 * @param qemuBinary         the QEMU system emulator on that host
 * @param memoryKiB          guest RAM
 * @param image              the disk image (primary: the VM's; secondary: its copy, the NBD parent)
 * @param workDir            where the node keeps sockets, logs, pid file, active and hidden images
 * @param portBase           see {@link PortPlan}
 * @param nic                the guest's NIC model (identical on both nodes)
 * @param boot               direct kernel boot, or null to boot from the disk
 * @param tcgShim            under TCG: the LD_PRELOAD library against the checkpoint deadlock
 * @param fence              how to fence this node, or null: then a failover needs the operator's word
 */
public record NodeSpec(Slot role, HostAccess host, String replicationAddress, String qemuBinary,
                       Accelerator accelerator, long memoryKiB, int cpus, String image, String workDir, int portBase,
                       NetworkSpec network, String nic, GuestBoot boot, String tcgShim, List<String> extraArgs,
                       FenceSpec fence) {

    public NodeSpec {
        extraArgs = List.copyOf(extraArgs);
    }

    public PortPlan ports() {
        return PortPlan.fromBase(portBase);
    }

    public String qmpSocket() {
        return workDir + "/qmp.sock";
    }

    /** A second monitor, so the pair monitor never waits behind a runbook's commands. */
    public String monitorSocket() {
        return workDir + "/qmp-monitor.sock";
    }

    /**
     * A third monitor, for Pacemaker's agent on the host: QEMU serves one client per monitor, so
     * the agent's monitor and the console's never wait for each other (a busy monitor looks dead).
     */
    public String agentSocket() {
        return workDir + "/qmp-agent.sock";
    }

    public String pidFile() {
        return workDir + "/qemu.pid";
    }

    public String logFile() {
        return workDir + "/qemu.log";
    }

    public String traceLog() {
        return workDir + "/trace.log";
    }

    public String serialLog() {
        return workDir + "/serial.log";
    }

    public String activeImage() {
        return workDir + "/secondary-active.qcow2";
    }

    public String hiddenImage() {
        return workDir + "/secondary-hidden.qcow2";
    }
}
