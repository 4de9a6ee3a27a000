package org.coloconsole.engine.cluster;

/** How QEMU runs the guest. TCG needs the lab workarounds of COLO-FACTS §5; KVM needs none. */
public enum Accelerator { KVM, TCG }
