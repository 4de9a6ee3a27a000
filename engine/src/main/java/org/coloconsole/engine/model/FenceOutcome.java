package org.coloconsole.engine.model;

import java.util.List;

/**
 * What fencing a node did. Only {@code ok} counts as proof that the node is dead: the agent
 * reported "off", its status said off, and the node then stayed silent (QMP, and SSH for a host
 * fence) for the configured number of probes, all within the fence's own deadline.
 *
 * @param configured the node has a fence in the profile
 * @param command    the agent and its options as shown to people (secrets as ***)
 * @param detail     the verdict in one sentence
 * @param steps      what was done, in order (off, status, each probe), secrets redacted
 * @param elapsedMs  from the fence's start to its verdict
 */
public record FenceOutcome(boolean configured, boolean ok, String command, String detail, List<String> steps,
                           long elapsedMs) {
    public FenceOutcome {
        steps = List.copyOf(steps);
    }

    public static FenceOutcome notConfigured(String why) {
        return new FenceOutcome(false, false, "", why, List.of(), 0);
    }
}
