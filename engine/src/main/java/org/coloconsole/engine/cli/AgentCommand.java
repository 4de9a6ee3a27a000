package org.coloconsole.engine.cli;

import java.util.concurrent.Callable;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.control.PacemakerAgent;
import org.coloconsole.engine.model.OcfStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code coloctl agent ACTION}: the work of the OCF agent {@code ocf:colo-console:colo} on this
 * host; its exit code is the OCF code Pacemaker reads: start, stop, promote, demote, notify, monitor,
 * validate-all (see {@code PacemakerAgent}). The meta-data is the shell agent's own: Pacemaker reads it as
 * the unprivileged hacluster user, who may not be able to run coloctl.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "The OCF agent's actions on this host (exit code = OCF code): start, stop, promote, demote, notify, "
                + "monitor, validate-all (meta-data: the shell agent's own).")
final class AgentCommand implements Callable<Integer> {
    static final int ERR_UNIMPLEMENTED = 3;

    @Spec
    CommandSpec spec;
    @Mixin
    PairOptions pairOptions = new PairOptions();
    @Parameters(index = "0", description = "start, stop, promote, demote, notify, monitor, validate-all")
    String action;
    @Option(names = "--node", description = "this host's Corosync node name (the shell agent passes Pacemaker's)")
    String node;

    @Override
    public Integer call() {
        try {
            switch (action) {
                case "validate-all" -> {
                    PacemakerAgent.validate(pair(), node());
                    return OcfStatus.SUCCESS;
                }
                case "monitor" -> {
                    OcfStatus s = PacemakerAgent.monitor(pair(), node());
                    spec.commandLine().getOut().println(s.reason());
                    spec.commandLine().getOut().flush();
                    return s.code();
                }
                case "start", "stop", "promote", "demote" -> {
                    OcfStatus s = switch (action) {
                        case "start" -> PacemakerAgent.start(pair(), node());
                        case "stop" -> PacemakerAgent.stop(pair(), node());
                        case "promote" -> PacemakerAgent.promote(pair(), node());
                        default -> PacemakerAgent.demote(pair(), node());
                    };
                    return report(s);
                }
                case "notify" -> {
                    // Pacemaker's notification, as it sets it in the agent's environment.
                    String op = env("OCF_RESKEY_CRM_meta_notify_operation");
                    java.util.List<String> unames = java.util.Arrays.stream(env("OCF_RESKEY_CRM_meta_notify_" + op + "_uname")
                            .split("\\s+")).filter(w -> !w.isBlank()).toList();
                    return report(PacemakerAgent.notify(pair(), node(), env("OCF_RESKEY_CRM_meta_notify_type"), op, unames));
                }
                default -> {
                    spec.commandLine().getErr().println("coloctl agent: unknown action '" + action + "'");
                    return ERR_UNIMPLEMENTED;
                }
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("coloctl agent " + action + ": " + e.getMessage());
            return OcfStatus.ERR_CONFIGURED;
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(AgentCommand.class).warn("coloctl agent {} failed", action, e);
            spec.commandLine().getErr().println("coloctl agent " + action + ": " + e.getMessage());
            return OcfStatus.ERR_GENERIC;
        }
    }

    private int report(OcfStatus s) {
        spec.commandLine().getOut().println(s.reason());
        spec.commandLine().getOut().flush();
        return s.code();
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v.strip();
    }

    private PairSpec pair() {
        return pairOptions.pair();
    }

    private String node() {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("--node: this host's Corosync node name is needed");
        }
        return node;
    }
}
