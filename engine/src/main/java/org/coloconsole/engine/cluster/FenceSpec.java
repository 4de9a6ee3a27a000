package org.coloconsole.engine.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How to fence one node: a program that follows the fence-agents conventions (fence_ipmilan,
 * fence_virsh, fence_redfish, the lab's fence_colo_lab). It runs on the console's machine and
 * reads its options as {@code key=value} lines on stdin; the engine adds {@code action=off} or
 * {@code action=status}. Per node, so one node's fence can never be pointed at its peer.
 *
 * @param agent        absolute path of the agent
 * @param options      its options (plug, ip, username, password, …), in the profile's order
 * @param secrets      option names whose values are never shown, logged, journaled or exported
 * @param timeoutMs    the fence's own deadline (off, status and verification), counted from its start
 * @param verifyProbes consecutive silent probes of the node that must follow a reported "off"
 * @param level        what "off" means: the whole host ({@link Level#HOST}: SSH must go silent too),
 *                     or only the node's QEMU ({@link Level#PROCESS}: for a node on the console's own
 *                     machine, or an agent that stops the VM and not the machine)
 */
public record FenceSpec(String agent, Map<String, String> options, Set<String> secrets, int timeoutMs, int verifyProbes,
                        Level level) {

    public enum Level { HOST, PROCESS }

    public static final int DEFAULT_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_VERIFY_PROBES = 3;

    public FenceSpec {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        secrets = Set.copyOf(secrets);
    }

    /** The agent's stdin for an action: {@code action=…} then every option, one per line. */
    public String stdin(String action) {
        StringBuilder b = new StringBuilder("action=").append(action).append('\n');
        options.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    /** How the fence is shown to people and written down: secrets as {@code ***}. */
    public String shown(String action) {
        StringBuilder b = new StringBuilder(agent).append(" action=").append(action);
        options.forEach((k, v) -> b.append(' ').append(k).append('=').append(secrets.contains(k) ? "***" : v));
        return b.toString();
    }

    /** Replaces every secret value found in {@code text} (an agent's answer may echo one). */
    public String redact(String text) {
        String out = text;
        for (String k : secrets) {
            String v = options.get(k);
            if (v != null && !v.isEmpty()) {
                out = out.replace(v, "***");
            }
        }
        return out;
    }
}
