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
 * host; its exit code is the OCF code Pacemaker reads. Built so far: meta-data, validate-all and
 * monitor, stop, promote. start, demote and notify answer OCF_ERR_UNIMPLEMENTED (3) and say so.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "The OCF agent's actions on this host (exit code = OCF code): meta-data, validate-all, monitor, stop, promote.")
final class AgentCommand implements Callable<Integer> {
    static final int ERR_UNIMPLEMENTED = 3;

    @Spec
    CommandSpec spec;
    @Mixin
    PairOptions pairOptions = new PairOptions();
    @Parameters(index = "0", description = "meta-data, validate-all, monitor, stop, promote (start, demote, notify: not yet)")
    String action;
    @Option(names = "--node", description = "this host's Corosync node name (the shell agent passes Pacemaker's)")
    String node;

    @Override
    public Integer call() {
        try {
            switch (action) {
                case "meta-data" -> {
                    spec.commandLine().getOut().print(PacemakerAgent.metadata());
                    spec.commandLine().getOut().flush();
                    return OcfStatus.SUCCESS;
                }
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
                case "stop", "promote" -> {
                    OcfStatus s = action.equals("stop") ? PacemakerAgent.stop(pair(), node())
                            : PacemakerAgent.promote(pair(), node());
                    spec.commandLine().getOut().println(s.reason());
                    spec.commandLine().getOut().flush();
                    return s.code();
                }
                case "start", "demote", "notify" -> {
                    spec.commandLine().getErr().println("coloctl agent " + action + ": not built yet (monitor, stop, promote, "
                            + "meta-data and validate-all are)");
                    return ERR_UNIMPLEMENTED;
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
