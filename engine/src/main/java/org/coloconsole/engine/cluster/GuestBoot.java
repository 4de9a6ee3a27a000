package org.coloconsole.engine.cluster;

/** Direct kernel boot (the lab guest); identical on both nodes, as COLO requires. */
public record GuestBoot(String kernel, String initrd, String append) {
}
