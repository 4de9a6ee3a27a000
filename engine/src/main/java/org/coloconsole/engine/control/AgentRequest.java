package org.coloconsole.engine.control;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One action asked of the OCF agent on this host: what the shell agent {@code ocf:colo-console:colo}
 * knows from Pacemaker (its parameters and the notification's environment), passed to
 * {@code coloctl agent ACTION} as options and environment, or to the resident agent as text.
 *
 * <p>The resident agent's request is one {@code key=value} per line, the fields below under their
 * OCF names; its answer is {@link #ACCEPTED} at once, then the reason, then {@code exit=CODE}.
 *
 * @param profile null for the built-in lab profile
 * @param pair    null for the profile's first pair
 * @param resource OCF_RESOURCE_INSTANCE, null outside Pacemaker
 */
public record AgentRequest(String action, Path profile, String pair, String node, String resource,
        String notifyType, String notifyOperation, List<String> notifyUnames) {
    /** The resident agent's first line: the request is taken and its action runs (it must not be run again). */
    public static final String ACCEPTED = "accepted";
    /** Its last line, before the action's OCF code. */
    public static final String EXIT = "exit=";
    /** Its whole answer when its code on disk changed: run this action with a fresh coloctl instead. */
    public static final String STALE = "stale";

    public AgentRequest {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("--node: this host's Corosync node name is needed");
        }
        resource = resource == null || resource.isBlank() ? null : resource.strip();
        notifyUnames = notifyUnames == null ? List.of() : List.copyOf(notifyUnames);
        notifyType = notifyType == null ? "" : notifyType.strip();
        notifyOperation = notifyOperation == null ? "" : notifyOperation.strip();
    }

    /**
     * A request from the notification's environment as Pacemaker sets it for the agent
     * ({@code OCF_RESKEY_CRM_meta_notify_*}, {@code OCF_RESOURCE_INSTANCE}).
     */
    public static AgentRequest fromEnvironment(String action, Path profile, String pair, String node, Map<String, String> env) {
        String op = env.getOrDefault("OCF_RESKEY_CRM_meta_notify_operation", "").strip();
        return new AgentRequest(action, profile, pair, node, env.get("OCF_RESOURCE_INSTANCE"),
                env.get("OCF_RESKEY_CRM_meta_notify_type"), op,
                words(op.isEmpty() ? "" : env.getOrDefault("OCF_RESKEY_CRM_meta_notify_" + op + "_uname", "")));
    }

    /**
     * The resident agent's request text: {@code key=value} lines with the shell agent's names
     * (action, profile, pair, node, and the OCF environment above).
     *
     * @throws IllegalArgumentException naming a line that is not {@code key=value} or a missing action
     */
    public static AgentRequest parse(String text) {
        Map<String, String> f = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("request line '" + line + "' is not key=value");
            }
            f.put(line.substring(0, eq), line.substring(eq + 1));
        }
        String action = f.get("action");
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("request has no action");
        }
        String profile = f.getOrDefault("profile", "");
        String pair = f.getOrDefault("pair", "");
        return fromEnvironment(action, profile.isEmpty() ? null : Path.of(profile), pair.isEmpty() ? null : pair,
                f.get("node"), f);
    }

    /** This request as the resident agent reads it (the inverse of {@link #parse}). */
    public String toText() {
        List<String> lines = new ArrayList<>();
        lines.add("action=" + action);
        lines.add("profile=" + (profile == null ? "" : profile));
        lines.add("pair=" + (pair == null ? "" : pair));
        lines.add("node=" + node);
        if (resource != null) {
            lines.add("OCF_RESOURCE_INSTANCE=" + resource);
        }
        if (!notifyType.isEmpty()) {
            lines.add("OCF_RESKEY_CRM_meta_notify_type=" + notifyType);
        }
        if (!notifyOperation.isEmpty()) {
            lines.add("OCF_RESKEY_CRM_meta_notify_operation=" + notifyOperation);
            lines.add("OCF_RESKEY_CRM_meta_notify_" + notifyOperation + "_uname=" + String.join(" ", notifyUnames));
        }
        for (String l : lines) {
            if (l.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("request field '" + l.substring(0, l.indexOf('=')) + "' holds a line break");
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** The pair this request names, from its profile (the built-in lab profile without one). */
    public org.coloconsole.engine.cluster.PairSpec pairSpec() {
        var p = profile == null ? Profiles.builtIn() : Profiles.load(profile);
        return Profiles.pairOf(p, pair, "--pair");
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.strip().split("\\s+")).filter(w -> !w.isBlank()).toList();
    }
}
