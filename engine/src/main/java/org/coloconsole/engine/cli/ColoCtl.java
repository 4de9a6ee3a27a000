package org.coloconsole.engine.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code coloctl}: the engine without the GUI. The same operations the console offers. */
@Command(name = "coloctl", mixinStandardHelpOptions = true, versionProvider = ColoCtl.Version.class,
        description = "Run and watch QEMU COLO fault tolerance from the command line.",
        subcommands = {PreflightCommand.class, LabCommands.Setup.class, LabCommands.Teardown.class, RunbookCommands.PlanCommand.class, RunbookCommands.Up.class,
                RunbookCommands.Status.class, RunbookCommands.Watch.class, RunbookCommands.Failover.class, RunbookCommands.Resume.class,
                RunbookCommands.Down.class, DrillCommand.class, ClusterCommands.class, AgentCommand.class, CommandLine.HelpCommand.class})
public final class ColoCtl {

    /** Also the lines of the log file on stderr (the file, under the state dir, always gets them). */
    @picocli.CommandLine.Option(names = {"-v", "--verbose"}, scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "print the engine's log on stderr too (it always goes to ~/.local/state/colo-console/logs)")
    void verbose(boolean on) {
        if (on) {
            org.coloconsole.engine.control.Logging.init("coloctl", true);
        }
    }

    public static void main(String[] args) {
        org.coloconsole.engine.control.Logging.init("coloctl", false);
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line with the given streams; returns the exit code (for tests and main). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new ColoCtl());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ColoCtl.class.getPackage().getImplementationVersion();
            return new String[] {"coloctl " + (v != null ? v : "(development build)")};
        }
    }
}
