package org.coloconsole.engine.cli;

import java.util.concurrent.Callable;
import org.coloconsole.engine.control.AgentRequest;
import org.coloconsole.engine.control.AgentServer;
import org.coloconsole.engine.control.Logging;
import org.coloconsole.engine.control.PacemakerAgent;
import org.coloconsole.engine.control.Session;
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
 *
 * <p>{@code coloctl agent serve} is the resident agent ({@code AgentServer}): the shell agent starts
 * it and sends it its actions, so that they cost no JVM start.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "The OCF agent's actions on this host (exit code = OCF code): start, stop, promote, demote, notify, "
                + "monitor, validate-all (meta-data: the shell agent's own); serve: the resident agent the shell agent "
                + "starts and sends its actions to.")
final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    PairOptions pairOptions = new PairOptions();
    @Parameters(index = "0", description = "start, stop, promote, demote, notify, monitor, validate-all, serve")
    String action;
    @Option(names = "--node", description = "this host's Corosync node name (the shell agent passes Pacemaker's)")
    String node;

    @Override
    public Integer call() {
        if ("serve".equals(action)) {
            Logging.init("coloctl-agent", false);
            try (AgentServer server = new AgentServer(AgentServer.runDir())) {
                // The pair the shell agent started it for is readied for its failover at once.
                server.serve(node == null || node.isBlank() ? null
                        : AgentRequest.fromEnvironment("monitor", pairOptions.profile, pairOptions.pair, node, java.util.Map.of()));
                return 0;
            }
        }
        OcfStatus s;
        try (Session session = Session.forAgent()) {
            AgentRequest r = AgentRequest.fromEnvironment(action, pairOptions.profile, pairOptions.pair, node, System.getenv());
            s = PacemakerAgent.answer(session, r);
        } catch (IllegalArgumentException e) {
            s = new OcfStatus(OcfStatus.ERR_CONFIGURED, action + ": " + e.getMessage());
        }
        if (s.code() == OcfStatus.ERR_CONFIGURED || s.code() == OcfStatus.ERR_GENERIC) {
            spec.commandLine().getErr().println("coloctl agent " + s.reason());
            spec.commandLine().getErr().flush();
        } else {
            spec.commandLine().getOut().println(s.reason());
            spec.commandLine().getOut().flush();
        }
        return s.code();
    }
}
