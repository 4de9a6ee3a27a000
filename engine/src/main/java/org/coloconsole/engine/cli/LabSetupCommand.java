package org.coloconsole.engine.cli;

import java.util.concurrent.Callable;
import org.coloconsole.engine.lab.LabSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code coloctl lab-setup}: prepare the built-in local lab pair on this machine. */
@Command(name = "lab-setup", mixinStandardHelpOptions = true,
        description = "Prepare the lab pair: build the test guest and the TCG shim, bring up the two-host lab "
                + "(as root: namespaces, sshds, bridges; else the loopback lab), create the two disks.")
final class LabSetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            LabSetup.prepare(line -> {
                spec.commandLine().getOut().println(line);
                spec.commandLine().getOut().flush();
            });
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("coloctl lab-setup: " + e.getMessage());
            return 2;
        }
    }
}
